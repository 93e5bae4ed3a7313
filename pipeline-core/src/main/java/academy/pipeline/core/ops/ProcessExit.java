package academy.pipeline.core.ops;

/**
 * How a service ends itself for its supervisor to restart it: by default it closes the application context
 * (graceful: pending status records are flushed) and exits the JVM with the status. Replaceable where a test
 * runs the service in its own JVM.
 */
@FunctionalInterface
interface ProcessExit {

    void exit(int status);
}
