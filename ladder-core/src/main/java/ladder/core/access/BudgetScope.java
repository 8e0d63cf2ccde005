package ladder.core.access;

import java.util.Locale;

/** What a budget caps. */
public enum BudgetScope {
    /** One team's spend in one calendar month. */
    TEAM_MONTH,
    /** One project's spend in one calendar month. */
    PROJECT_MONTH,
    /** One task's spend, for the task's whole life. */
    TASK;

    /** The lower-case dashed name used in messages ({@code team-month}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
