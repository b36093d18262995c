package dev.selfheal.probes;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the {@link HealthEndpoint} listens and who may send it operator commands.
 *
 * <pre>{@code
 * HealthEndpointConfig config = HealthEndpointConfig.builder()
 *     .port(8081)                                        // the demo's port; 0 picks a free one
 *     .bearerToken(System.getenv("SELFHEAL_TOKEN"))      // without a token, commands answer 403
 *     .build();
 * }</pre>
 *
 * <p>Binding to anything but loopback exposes the endpoint to the network: the health paths are
 * unauthenticated by design (orchestrators probe them), so do it only behind the pod's network policy.
 *
 * <p>This class is immutable and thread-safe; its builder is not. {@link #toString()} never shows the token.
 */
public final class HealthEndpointConfig {
  /** The port the examples and the Kubernetes manifest use: 8081. */
  public static final int DEFAULT_PORT = 8081;
  /** Loopback: {@code 127.0.0.1}. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  private final String bindAddress;
  private final int port;
  private final String bearerToken;
  private final int handlerThreads;
  private final Duration commandTimeout;

  private HealthEndpointConfig(Builder b) {
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.bearerToken = b.bearerToken;
    this.handlerThreads = b.handlerThreads;
    this.commandTimeout = b.commandTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Loopback, port 8081, no token (commands disabled), 2 handler threads, 5 s command timeout. */
  public static HealthEndpointConfig defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().bindAddress(bindAddress).port(port).handlerThreads(handlerThreads)
        .commandTimeout(commandTimeout);
    b.bearerToken = bearerToken;
    return b;
  }

  public String bindAddress() {
    return bindAddress;
  }

  public int port() {
    return port;
  }

  /** The token operator commands must present; empty when commands are disabled. */
  public Optional<String> bearerToken() {
    return Optional.ofNullable(bearerToken);
  }

  public int handlerThreads() {
    return handlerThreads;
  }

  public Duration commandTimeout() {
    return commandTimeout;
  }

  @Override
  public String toString() {
    return "HealthEndpointConfig[" + bindAddress + ":" + port + ", token=" + (bearerToken == null ? "none" : "set")
        + ", handlerThreads=" + handlerThreads + ", commandTimeout=" + commandTimeout + "]";
  }

  /** Builder of {@link HealthEndpointConfig}. Not thread-safe. Values are checked in {@link #build()}. */
  public static final class Builder {
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int port = DEFAULT_PORT;
    private String bearerToken;
    private int handlerThreads = 2;
    private Duration commandTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /** Address to listen on: an IP literal or host name. Default {@code 127.0.0.1}; not blank. */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    /** TCP port. Default 8081; valid range 0 to 65535, where 0 lets the OS pick a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * The bearer token operator commands must send as {@code Authorization: Bearer <token>}. Default: none, and
     * then every command answers 403. Valid: null (none) or 16 to 4096 visible ASCII characters.
     */
    public Builder bearerToken(String token) {
      this.bearerToken = token;
      return this;
    }

    /**
     * Threads ({@code selfheal-http-N}) that handle requests. Default 2; valid range 1 to 32. An authenticated
     * command may hold one for up to {@link #commandTimeout}; keep more threads than concurrent operators so
     * that health checks are always answered.
     */
    public Builder handlerThreads(int threads) {
      this.handlerThreads = threads;
      return this;
    }

    /**
     * How long a command request waits for the supervisor's answer before replying 202 (still pending).
     * Default 5 s; valid range: positive.
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = Objects.requireNonNull(timeout, "commandTimeout");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the field and the bad value (never the token itself)
     */
    public HealthEndpointConfig build() {
      if (bindAddress.isBlank()) {
        throw new IllegalArgumentException("bindAddress must not be blank, was '" + bindAddress + "'");
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
      }
      if (bearerToken != null) {
        if (bearerToken.length() < 16 || bearerToken.length() > 4096) {
          throw new IllegalArgumentException("bearerToken must be 16 to 4096 characters long, was "
              + bearerToken.length() + " characters");
        }
        for (int i = 0; i < bearerToken.length(); i++) {
          char c = bearerToken.charAt(i);
          if (c <= ' ' || c > '~') {
            throw new IllegalArgumentException("bearerToken must be visible ASCII, had character code " + (int) c
                + " at index " + i);
          }
        }
      }
      if (handlerThreads < 1 || handlerThreads > 32) {
        throw new IllegalArgumentException("handlerThreads must be in [1, 32], was " + handlerThreads);
      }
      if (commandTimeout.isNegative() || commandTimeout.isZero()) {
        throw new IllegalArgumentException("commandTimeout must be > 0, was " + commandTimeout);
      }
      return new HealthEndpointConfig(this);
    }
  }
}
