package dev.chatline.local;

import dev.chatline.emulator.MotoServer;
import java.net.URI;
import java.util.Optional;

/**
 * Where the local runtime's AWS resources live, chosen by {@code CHATLINE_AWS_ENDPOINT}: unset → the embedded
 * emulator (a moto child process started and stopped with the runtime); a URL (e.g. LocalStack on
 * {@code http://localhost:4566}) → that endpoint; {@code aws} → real AWS with the default credential chain.
 */
public final class AwsBackend implements AutoCloseable {
    /** The {@code CHATLINE_AWS_ENDPOINT} value that selects real AWS. */
    public static final String REAL_AWS = "aws";

    private final Optional<URI> endpoint;
    private final MotoServer ownedMoto;
    private final String description;

    private AwsBackend(Optional<URI> endpoint, MotoServer ownedMoto, String description) {
        this.endpoint = endpoint;
        this.ownedMoto = ownedMoto;
        this.description = description;
    }

    /** Starts the embedded emulator; {@link #close()} stops it. */
    public static AwsBackend embedded() {
        MotoServer moto = MotoServer.start();
        return new AwsBackend(Optional.of(moto.endpoint()), moto, "embedded moto " + MotoServer.MOTO_VERSION
                + " on " + moto.endpoint());
    }

    /** An emulator or LocalStack someone else runs. */
    public static AwsBackend endpoint(URI endpoint) {
        return new AwsBackend(Optional.of(endpoint), null, endpoint.toString());
    }

    public static AwsBackend realAws() {
        return new AwsBackend(Optional.empty(), null, "real AWS (default credentials)");
    }

    /**
     * From a {@code CHATLINE_AWS_ENDPOINT} value ({@code null}/blank: embedded; {@code aws}: real AWS).
     *
     * @param forceAws the {@code --aws} flag
     */
    public static AwsBackend select(String configuredEndpoint, boolean forceAws) {
        if (forceAws || REAL_AWS.equalsIgnoreCase(String.valueOf(configuredEndpoint).trim())) {
            return realAws();
        }
        if (configuredEndpoint == null || configuredEndpoint.isBlank()) {
            return embedded();
        }
        return endpoint(URI.create(configuredEndpoint.trim()));
    }

    /** The endpoint override, empty for real AWS. */
    public Optional<URI> awsEndpoint() {
        return endpoint;
    }

    /** The embedded emulator, if this backend started one. */
    public Optional<MotoServer> moto() {
        return Optional.ofNullable(ownedMoto);
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (ownedMoto != null) {
            ownedMoto.close();
        }
    }
}
