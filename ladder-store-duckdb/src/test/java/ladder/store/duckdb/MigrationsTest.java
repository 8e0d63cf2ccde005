package ladder.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import ladder.store.jdbc.Migrations;
import org.junit.jupiter.api.Test;

// Script naming and splitting are tested with the runner, in ladder-store-jdbc.
class MigrationsTest {

    @Test
    void index_shippedList_versionsIncrease() {
        Migrations migrations = DuckDbDialect.MIGRATIONS;
        assertThat(migrations.index().stream().map(migrations::version))
                .isSorted()
                .doesNotHaveDuplicates();
    }
}
