package dev.gmp.testsupport;

import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Saves a process-wide int setting before each test and puts it back after, so a test may change
 * it freely. For GOMAXPROCS:
 * <pre>{@code @RegisterExtension final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);}</pre>
 * It takes the getter and setter rather than calling gmp itself: this module cannot depend on
 * gmp-runtime, whose own tests use it.
 */
public final class RestoredAfterEach implements BeforeEachCallback, AfterEachCallback {
    private final IntSupplier read;
    private final IntConsumer write;
    private int saved;

    public RestoredAfterEach(IntSupplier read, IntConsumer write) {
        this.read = read;
        this.write = write;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        saved = read.getAsInt();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        write.accept(saved);
    }
}
