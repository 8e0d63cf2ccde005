package ladder.app.policy;

import java.util.List;

/** A policy file that cannot be used; {@link #errors()} holds every problem found, one line each. */
public final class InvalidPolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    InvalidPolicyException(List<String> errors) {
        super(String.join(System.lineSeparator(), errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error, as {@code file:line: field: what is wrong; what is valid}. */
    public List<String> errors() {
        return errors;
    }
}
