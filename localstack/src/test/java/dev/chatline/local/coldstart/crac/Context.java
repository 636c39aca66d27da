package dev.chatline.local.coldstart.crac;

/** A CRaC context: resources register with it ({@link Resource}). */
public abstract class Context<R extends Resource> implements Resource {
    public abstract void register(R resource);
}
