package dev.selfheal.probes;

/*
 * Why this class is large (461 lines): an immutable config with its builder: every limit of the endpoint (port,
 * tokens, deadlines, sizes, connection caps) has a field, an accessor and a validated, documented builder method;
 * splitting them would separate a field from its validation.
 */

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the {@link HealthEndpoint} listens, who may read and command it, and the bounds that keep a slow or
 * hostile client from delaying a probe.
 *
 * <pre>{@code
 * HealthEndpointConfig config = HealthEndpointConfig.builder()
 *     .port(8081)                                        // the demo's port; 0 picks a free one
 *     .token("ops", opsSecret)                           // 16+ visible ASCII characters
 *     .token("ci", ciSecret)                             // several named tokens, journaled by name
 *     .build();
 * }</pre>
 *
 * <p><b>Tokens.</b> Each token has a name (journaled as the actor of every command it is used for, with the
 * client's address) and a secret of 16 to 4096 visible ASCII characters; tokens and names are unique. With
 * no token, every command and every non-public read answers 403.
 *
 * <p>Binding to anything but loopback exposes the endpoint to the network: the health paths are
 * unauthenticated by design (orchestrators probe them), so do it only behind the pod's network policy.
 *
 * <p>This class is immutable and thread-safe; its builder is not. {@link #toString()} never shows a token.
 */
public final class HealthEndpointConfig {
  /** The port the examples and the Kubernetes manifest use: 8081. */
  public static final int DEFAULT_PORT = 8081;
  /** Loopback: {@code 127.0.0.1}. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  /** The name {@link Builder#bearerToken(String)} gives its token: {@code default}. */
  public static final String DEFAULT_TOKEN_NAME = "default";
  /** The shortest accepted token: 16 characters. */
  public static final int MIN_TOKEN_LENGTH = 16;
  private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String bindAddress;
  private final int port;
  private final Map<String, String> tokens;
  private final boolean publicReads;
  private final int handlerThreads;
  private final Duration commandTimeout;
  private final int maxConnections;
  private final int backlog;
  private final Duration requestLineTimeout;
  private final Duration headerTimeout;
  private final Duration bodyTimeout;
  private final Duration writeTimeout;
  private final int maxHeaderBytes;
  private final int maxBodyBytes;

  private HealthEndpointConfig(Builder b) {
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.tokens = Map.copyOf(b.tokens);
    this.publicReads = b.publicReads;
    this.handlerThreads = b.handlerThreads;
    this.commandTimeout = b.commandTimeout;
    this.maxConnections = b.maxConnections;
    this.backlog = b.backlog;
    this.requestLineTimeout = b.requestLineTimeout;
    this.headerTimeout = b.headerTimeout;
    this.bodyTimeout = b.bodyTimeout;
    this.writeTimeout = b.writeTimeout;
    this.maxHeaderBytes = b.maxHeaderBytes;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /** {@return a new builder, every setting at its default} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a config with every default: loopback, port 8081, no token (commands and reads 403), the builder's bounds} */
  public static HealthEndpointConfig ofDefaults() {
    return builder().build();
  }

  /** {@return a new builder holding this config's values} */
  public Builder toBuilder() {
    Builder b = new Builder().bindAddress(bindAddress).port(port).publicReads(publicReads)
        .handlerThreads(handlerThreads).commandTimeout(commandTimeout).maxConnections(maxConnections)
        .backlog(backlog).requestLineTimeout(requestLineTimeout).headerTimeout(headerTimeout)
        .bodyTimeout(bodyTimeout).writeTimeout(writeTimeout).maxHeaderBytes(maxHeaderBytes)
        .maxBodyBytes(maxBodyBytes);
    b.tokens.putAll(tokens);
    return b;
  }

  /** {@return the address the endpoint listens on} */
  public String bindAddress() {
    return bindAddress;
  }

  /** {@return TCP port} */
  public int port() {
    return port;
  }

  /**
   * The secret of the token named {@value #DEFAULT_TOKEN_NAME}, if configured.
   *
   * @return the secret, or empty
   */
  public Optional<String> bearerToken() {
    return Optional.ofNullable(tokens.get(DEFAULT_TOKEN_NAME));
  }

  /** {@return the configured tokens' secrets by name; empty when commands are disabled} */
  public Map<String, String> tokens() {
    return tokens;
  }

  /** {@return whether the tree, the journal and the policies may be read without a token (redacted)} */
  public boolean publicReads() {
    return publicReads;
  }

  /** {@return the threads that answer the tree, journal, policies and commands} */
  public int handlerThreads() {
    return handlerThreads;
  }

  /** {@return how long a command request waits for the supervisor's answer before replying 202} */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** {@return the open connections at most} */
  public int maxConnections() {
    return maxConnections;
  }

  /** {@return the listen backlog (connections the OS queues before accept)} */
  public int backlog() {
    return backlog;
  }

  /** {@return the limit from accept to the end of the request line} */
  public Duration requestLineTimeout() {
    return requestLineTimeout;
  }

  /** {@return the limit from accept to the end of the header section} */
  public Duration headerTimeout() {
    return headerTimeout;
  }

  /** {@return the limit from the end of the headers to the end of the body} */
  public Duration bodyTimeout() {
    return bodyTimeout;
  }

  /** {@return the limit from the response being ready to its last byte sent} */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /** {@return the most bytes of request line plus headers} */
  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /** {@return the most bytes of a request body} */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  @Override
  public String toString() {
    return "HealthEndpointConfig[" + bindAddress + ":" + port + ", tokens=" + new java.util.TreeSet<>(tokens.keySet())
        + ", publicReads=" + publicReads + ", handlerThreads=" + handlerThreads + ", commandTimeout="
        + commandTimeout + ", maxConnections=" + maxConnections + ", backlog=" + backlog + ", requestLineTimeout="
        + requestLineTimeout + ", headerTimeout=" + headerTimeout + ", bodyTimeout=" + bodyTimeout
        + ", writeTimeout=" + writeTimeout + ", maxHeaderBytes=" + maxHeaderBytes + ", maxBodyBytes="
        + maxBodyBytes + "]";
  }

  /** Builder of {@link HealthEndpointConfig}. Not thread-safe. Values are checked in {@link #build()}. */
  public static final class Builder {
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int port = DEFAULT_PORT;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private String badToken; // the first refused token call, reported by build()
    private boolean publicReads;
    private int handlerThreads = 2;
    private Duration commandTimeout = Duration.ofSeconds(5);
    private int maxConnections = 1024;
    private int backlog = 1024;
    private Duration requestLineTimeout = Duration.ofSeconds(2);
    private Duration headerTimeout = Duration.ofSeconds(5);
    private Duration bodyTimeout = Duration.ofSeconds(5);
    private Duration writeTimeout = Duration.ofSeconds(5);
    private int maxHeaderBytes = 8 * 1024;
    private int maxBodyBytes = 4 * 1024;

    private Builder() {}

    /**
     * Address to listen on: an IP literal or host name. Default {@code 127.0.0.1}; not blank.
     *
     * @param bindAddress the bind address
     * @return this builder
     */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    /**
     * TCP port. Default 8081; valid range 0 to 65535, where 0 lets the OS pick a free port.
     *
     * @param port TCP port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * The token named {@value #DEFAULT_TOKEN_NAME}, sent as {@code Authorization: Bearer <token>}; null removes
     * it. Same rules as {@link #token(String, String)}.
     *
     * @param token the token named {@value #DEFAULT_TOKEN_NAME}, sent as {@code Authorization: Bearer <token>}; null removes it
     * @return this builder
     */
    public Builder bearerToken(String token) {
      if (token == null) {
        tokens.remove(DEFAULT_TOKEN_NAME);
        return this;
      }
      return token(DEFAULT_TOKEN_NAME, token);
    }

    /**
     * Adds a named token. Default: none, and then every command and non-public read answers 403. Valid: a
     * name of 1 to 64 characters {@code [A-Za-z0-9._-]} starting with a letter or digit, unique; a secret of
     * {@value HealthEndpointConfig#MIN_TOKEN_LENGTH} to 4096 visible ASCII characters, unique. An empty or
     * short secret is refused by {@link #build()} (an empty environment variable should mean "no token":
     * pass null or skip the call).
     *
     * @return this builder
     * @param name the token's name, as journaled with each command it authorizes
     * @param token the secret
     */
    public Builder token(String name, String token) {
      Objects.requireNonNull(name, "token name");
      Objects.requireNonNull(token, "token");
      if (badToken == null) {
        badToken = checkToken(name, token);
      }
      tokens.put(name, token);
      return this;
    }

    /**
     * Whether {@code /selfheal/tree}, {@code /selfheal/journal} and {@code /selfheal/policies} answer without a
     * token, with exception messages redacted. Default false (a token is needed).
     *
     * @param publicReads whether {@code /selfheal/tree}, {@code /selfheal/journal} and {@code /selfheal/policies} answer without a token, with exception messages redacted
     * @return this builder
     */
    public Builder publicReads(boolean publicReads) {
      this.publicReads = publicReads;
      return this;
    }

    /**
     * Threads ({@code selfheal-http-N}) that answer the tree, journal, policies and commands. Default 2; valid
     * range 1 to 32. Health paths have their own thread and never wait for these.
     *
     * @param threads threads ({@code selfheal-http-N}) that answer the tree, journal, policies and commands
     * @return this builder
     */
    public Builder handlerThreads(int threads) {
      this.handlerThreads = threads;
      return this;
    }

    /**
     * How long a command request waits for the supervisor's answer before replying 202 (still pending).
     * Default 5 s; valid range: 1 ms to 1 minute.
     *
     * @param timeout how long a command request waits for the supervisor's answer before replying 202 (still pending)
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = Objects.requireNonNull(timeout, "commandTimeout");
      return this;
    }

    /**
     * Open connections at most. Default 1,024; valid range 16 to 65,536. At the bound, the oldest connection
     * still sending its request is closed to admit the new one.
     *
     * @param max open connections at most
     * @return this builder
     */
    public Builder maxConnections(int max) {
      this.maxConnections = max;
      return this;
    }

    /**
     * The listen backlog (connections the OS queues before accept). Default 1,024; valid range 1 to 65,535.
     *
     * @param backlog the listen backlog (connections the OS queues before accept)
     * @return this builder
     */
    public Builder backlog(int backlog) {
      this.backlog = backlog;
      return this;
    }

    /**
     * From accept to the end of the request line; later, 408 and close. Default 2 s; range 1 ms to 1 minute.
     *
     * @param timeout from accept to the end of the request line; later, 408 and close
     * @return this builder
     */
    public Builder requestLineTimeout(Duration timeout) {
      this.requestLineTimeout = Objects.requireNonNull(timeout, "requestLineTimeout");
      return this;
    }

    /**
     * From accept to the end of the header section; later, 408 and close. Default 5 s; range 1 ms to 1 minute,
     * at least {@link #requestLineTimeout}.
     *
     * @param timeout from accept to the end of the header section; later, 408 and close
     * @return this builder
     */
    public Builder headerTimeout(Duration timeout) {
      this.headerTimeout = Objects.requireNonNull(timeout, "headerTimeout");
      return this;
    }

    /**
     * From the end of the headers to the end of the body; later, 408 and close. Default 5 s; range 1 ms to 1 minute.
     *
     * @param timeout from the end of the headers to the end of the body; later, 408 and close
     * @return this builder
     */
    public Builder bodyTimeout(Duration timeout) {
      this.bodyTimeout = Objects.requireNonNull(timeout, "bodyTimeout");
      return this;
    }

    /**
     * From the response being ready to its last byte sent; later, close. Default 5 s; range 1 ms to 1 minute.
     *
     * @param timeout from the response being ready to its last byte sent; later, close
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = Objects.requireNonNull(timeout, "writeTimeout");
      return this;
    }

    /**
     * Request line plus headers, in bytes; more answers 414 or 431. Default 8 KiB; range 1 KiB to 64 KiB.
     *
     * @param bytes request line plus headers, in bytes; more answers 414 or 431
     * @return this builder
     */
    public Builder maxHeaderBytes(int bytes) {
      this.maxHeaderBytes = bytes;
      return this;
    }

    /**
     * Request body in bytes; more answers 413. Default 4 KiB; range 0 to 1 MiB.
     *
     * @param bytes request body in bytes; more answers 413
     * @return this builder
     */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the immutable config
     * @throws IllegalArgumentException naming the field and the bad value (never a token's secret)
     */
    public HealthEndpointConfig build() {
      if (bindAddress.isBlank()) {
        throw new IllegalArgumentException("bindAddress must not be blank, was '" + bindAddress + "'");
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
      }
      if (badToken != null) {
        throw new IllegalArgumentException(badToken);
      }
      if (tokens.values().stream().distinct().count() != tokens.size()) {
        throw new IllegalArgumentException("tokens must differ from each other, two names share one secret");
      }
      range("handlerThreads", handlerThreads, 1, 32);
      range("maxConnections", maxConnections, 16, 65_536);
      range("backlog", backlog, 1, 65_535);
      range("maxHeaderBytes", maxHeaderBytes, 1024, 64 * 1024);
      range("maxBodyBytes", maxBodyBytes, 0, 1024 * 1024);
      for (Map.Entry<String, Duration> e : Map.of("commandTimeout", commandTimeout, "requestLineTimeout",
          requestLineTimeout, "headerTimeout", headerTimeout, "bodyTimeout", bodyTimeout, "writeTimeout",
          writeTimeout).entrySet()) {
        Duration d = e.getValue();
        if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofMinutes(1)) > 0) {
          throw new IllegalArgumentException(e.getKey() + " must be in [1ms, 1m], was " + d);
        }
      }
      if (headerTimeout.compareTo(requestLineTimeout) < 0) {
        throw new IllegalArgumentException("headerTimeout must be >= requestLineTimeout (" + requestLineTimeout
            + "), was " + headerTimeout);
      }
      return new HealthEndpointConfig(this);
    }

    private static void range(String field, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], was " + value);
      }
    }

    /** Null when fine, else the message build() throws (it names the token, never shows the secret). */
    private String checkToken(String name, String token) {
      if (!TOKEN_NAME.matcher(name).matches()) {
        return "token name must be 1 to 64 characters [A-Za-z0-9._-] starting with a letter or digit, was '"
            + name.replaceAll("[^ -~]", "?") + "'";
      }
      if (tokens.containsKey(name) && !name.equals(DEFAULT_TOKEN_NAME)) {
        return "token name must be unique, '" + name + "' was given twice";
      }
      if (token.length() < MIN_TOKEN_LENGTH || token.length() > 4096) {
        return "token '" + name + "' must be " + MIN_TOKEN_LENGTH + " to 4096 characters long, was "
            + token.length() + " characters" + (token.isEmpty() ? " (for no token, configure none)" : "");
      }
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c <= ' ' || c > '~') {
          return "token '" + name + "' must be visible ASCII, had character code " + (int) c + " at index " + i;
        }
      }
      return null;
    }
  }
}
