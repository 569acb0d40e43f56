package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AgentLogTest {
    @Test
    void aFailureIsDescribedWithItsCauses() {
        Throwable failure = new ExceptionInInitializerError(new NumberFormatException("For input string: \"abc\""));
        assertEquals("java.lang.ExceptionInInitializerError, caused by java.lang.NumberFormatException: For input string: \"abc\"",
                AgentLog.describe(failure));
    }

    @Test
    void aFailureWithoutCauseIsItsOwnText() {
        assertEquals("java.lang.IllegalStateException: no", AgentLog.describe(new IllegalStateException("no")));
    }
}
