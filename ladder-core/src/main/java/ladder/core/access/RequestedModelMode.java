package ladder.core.access;

import java.util.Locale;

/** What routing does when a client names a concrete model ({@code "model": "claude-opus-4-8"}). */
public enum RequestedModelMode {
    /** Use the named model, subject to access and budget checks. */
    HONOR,
    /** Treat the name as a hint: rules may match on it, but routing picks the tier. */
    ROUTE,
    /** Refuse the call; the client must send a route name ({@code ladder}) instead. */
    DENY;

    /** The lower-case name used in policy files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
