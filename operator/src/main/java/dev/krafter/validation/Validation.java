package dev.krafter.validation;

import java.util.List;

/** The problems found in a spec; empty when it is valid. Each problem says what to change. */
public record Validation(List<String> problems) {
    public Validation {
        problems = List.copyOf(problems);
    }

    public static Validation ok() {
        return new Validation(List.of());
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** One line for a condition message. */
    public String message() {
        return String.join("; ", problems);
    }
}
