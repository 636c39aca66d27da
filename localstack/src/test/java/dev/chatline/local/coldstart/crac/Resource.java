package dev.chatline.local.coldstart.crac;

/**
 * The cold start probe's stand-in for a CRaC implementation (what Lambda's runtime provides under SnapStart):
 * {@code org.crac} finds it through {@code -Dorg.crac.Core.Compat=dev.chatline.local.coldstart.crac}, forwards
 * {@code Core.getGlobalContext().register(...)} to {@link Core}, and {@link Core#checkpointRestore()} runs the
 * registered hooks as a snapshot and restore would.
 */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
