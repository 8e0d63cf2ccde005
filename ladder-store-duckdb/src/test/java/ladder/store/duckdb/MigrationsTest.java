package ladder.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void version_numberedScript_isItsNumber() {
        assertThat(Migrations.version("V1__calls.sql")).isEqualTo(1);
        assertThat(Migrations.version("V12__prefix_breaks.sql")).isEqualTo(12);
    }

    @Test
    void version_badName_saysWhatIsValid() {
        assertThatThrownBy(() -> Migrations.version("budgets.sql"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("budgets.sql")
                .hasMessageContaining("V<number>__<description>.sql");
    }

    @Test
    void index_shippedList_versionsIncrease() {
        assertThat(Migrations.index().stream().map(Migrations::version))
                .isSorted()
                .doesNotHaveDuplicates();
    }
}
