package com.estatekit.vault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchMainTest {

    @Test
    void only_the_generated_section_of_the_docs_page_is_replaced() {
        String page = "# Benchmarks\n\nintro\n\n" + BenchMain.BEGIN + "\nold table\n" + BenchMain.END + "\n\n## Analysis\nkept\n";

        String updated = BenchMain.replaceGenerated(page, "new table\n");

        assertThat(updated).isEqualTo("# Benchmarks\n\nintro\n\n" + BenchMain.BEGIN + "\n\nnew table\n\n" + BenchMain.END
                + "\n\n## Analysis\nkept\n");
    }

    @Test
    void a_page_without_markers_is_left_alone() {
        assertThat(BenchMain.replaceGenerated("# hand-written only\n", "new")).isNull();
    }
}
