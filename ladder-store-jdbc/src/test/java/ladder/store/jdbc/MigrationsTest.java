package ladder.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationsTest {

    private static final Migrations MIGRATIONS = Migrations.of(
            MigrationsTest.class,
            "db/test/",
            "CREATE TABLE IF NOT EXISTS ladder_schema_version (version INTEGER PRIMARY KEY)",
            Migrations.Scripts.SPLIT_ON_SEMICOLONS,
            Migrations.Lock.NONE);

    @Test
    void version_numberedScript_isItsNumber() {
        assertThat(MIGRATIONS.version("V1__calls.sql")).isEqualTo(1);
        assertThat(MIGRATIONS.version("V12__prefix_breaks.sql")).isEqualTo(12);
    }

    @Test
    void version_badName_saysWhatIsValid() {
        assertThatThrownBy(() -> MIGRATIONS.version("budgets.sql"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("budgets.sql")
                .hasMessageContaining("db/test/migrations.txt")
                .hasMessageContaining("V<number>__<description>.sql");
    }

    @Test
    void statements_semicolonsEndingLines_splitAndCommentsDropped() {
        assertThat(Migrations.statements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n  y INT\n);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)");
    }

    @Test
    void of_folderWithoutSlash_saysWhatIsValid() {
        assertThatThrownBy(() -> Migrations.of(
                        MigrationsTest.class, "db/test", "", Migrations.Scripts.WHOLE, Migrations.Lock.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("db/test");
    }
}
