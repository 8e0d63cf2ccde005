package ladder.app.report;

/** Output formats of {@code report} and {@code findings}. */
enum Format {
    table,
    json,
    csv
}
