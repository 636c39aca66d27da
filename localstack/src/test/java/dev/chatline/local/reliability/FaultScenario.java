package dev.chatline.local.reliability;

/**
 * One operation of the fault matrix (a send, a fan-out, a receipt, a group change, a key fetch), run once per
 * case: {@link #prepare()} builds fresh state without faults, {@link #operate()} is the operation with the client's
 * retries (the calls the matrix records and faults), {@link #verify()} runs after the system is quiet and checks
 * the invariants the way the app would see them, after the app's own recovery (sync, repeated receipts).
 */
public interface FaultScenario extends AutoCloseable {
    String name();

    /** The simple class name of the handler serving the client's request (its death voids the reply). */
    String handler();

    void prepare() throws Exception;

    void operate() throws Exception;

    Verdict verify() throws Exception;

    /** Closes every peer the scenario still holds (after its last case). */
    @Override
    void close();
}
