package com.estatekit.vault.adapter.postgres;

import com.estatekit.vault.domain.contract.KeyRepositoryContract;
import com.estatekit.vault.domain.port.out.KeyRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The domain's KeyRepository contract, run against the real adapter on a real server. */
class PostgresKeyRepositoryHonoursTheContractTest extends KeyRepositoryContract {

    private static final String SCHEMA = "contract";
    private static PostgresKeyRepository started;

    @BeforeAll
    static void startRepository() {
        started = PostgresKeyRepository.start(TestDatabase.shared().config(SCHEMA));
    }

    @AfterAll
    static void closeRepository() {
        started.close();
    }

    /** The same started repository, emptied: starting Hibernate per test would cost a second each. */
    @Override
    protected KeyRepository newRepository() {
        TestDatabase.shared().truncate(SCHEMA);
        return started;
    }
}
