package dev.chatline.local.coldstart.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * The global context and the checkpoint of the probe's CRaC stand-in ({@link Resource}). Like CRaC, it runs the
 * {@code beforeCheckpoint} hooks in the reverse order of registration, then (the "restore") every
 * {@code afterRestore} hook in registration order. Nothing is snapshotted: the process goes on, primed.
 */
public final class Core {
    private static final Global GLOBAL = new Global();

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        try {
            GLOBAL.beforeCheckpoint(null);
        } catch (Exception e) {
            throw new CheckpointException(e);
        }
        try {
            GLOBAL.afterRestore(null);
        } catch (Exception e) {
            throw new RestoreException(e);
        }
    }

    /** How many resources registered (the probe reports it). */
    public static int registered() {
        return GLOBAL.resources.size();
    }

    private static final class Global extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).beforeCheckpoint(this);
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            for (Resource resource : resources) {
                resource.afterRestore(this);
            }
        }
    }
}
