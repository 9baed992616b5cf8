package com.estatekit.vault.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A GitHub-flavoured Markdown table: a header row, a separator row that right-aligns the columns
 * marked numeric, and one row per record. Cell text has {@code |} escaped and line breaks flattened,
 * so no value can break the table.
 */
public final class MarkdownTable {

    private final List<String> headers;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    private MarkdownTable(List<String> headers, boolean[] numeric) {
        this.headers = headers;
        this.numeric = numeric;
    }

    /**
     * A table with these column headers; a header that starts with {@code >} marks a right-aligned
     * (numeric) column, and the {@code >} is not printed.
     */
    public static MarkdownTable of(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        List<String> names = new ArrayList<>();
        boolean[] numeric = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            numeric[i] = headers[i].startsWith(">");
            names.add(numeric[i] ? headers[i].substring(1) : headers[i]);
        }
        return new MarkdownTable(List.copyOf(names), numeric);
    }

    /** Adds a row; it must have one cell per column. */
    public MarkdownTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size() + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell == null ? "" : escape(cell.toString()));
        }
        rows.add(row);
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    /** The table, each line ending in a newline. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", headers.stream().map(MarkdownTable::escape).toList())).append(" |\n");
        out.append('|');
        for (boolean right : numeric) {
            out.append(right ? " ---: |" : " --- |");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    /**
     * A number with thousands separators and {@code decimals} decimals, in a fixed (English) locale
     * so reports do not depend on the machine's locale.
     */
    public static String number(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /**
     * A positive number with about three significant digits: {@code 12,345}, {@code 123},
     * {@code 12.3}, {@code 1.23}, {@code 0.123}.
     */
    public static String significant(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100 || value == 0) {
            return number(value, 0);
        }
        if (magnitude >= 10) {
            return number(value, 1);
        }
        if (magnitude >= 1) {
            return number(value, 2);
        }
        return number(value, 3);
    }
}
