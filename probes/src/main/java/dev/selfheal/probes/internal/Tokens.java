package dev.selfheal.probes.internal;

import dev.selfheal.probes.internal.HttpMessages.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The endpoint's named bearer tokens and the verdict on a request's {@code Authorization} header.
 *
 * <p>Rules: exactly one {@code Authorization} header with the scheme {@code Bearer} (any case) and one of the
 * configured secrets. Two or more {@code Authorization} headers are {@link Verdict.Kind#DUPLICATE}, whatever
 * they hold (a proxy that appends its own header must not let a client's wrong one through, nor the
 * reverse). Secrets are compared as SHA-256 digests with {@link MessageDigest#isEqual} against every token,
 * with no early exit, so neither a secret's length nor which token matched shows in the timing.
 *
 * <p>This class is immutable and thread-safe.
 */
final class Tokens {
  /** A request's authentication. */
  record Verdict(Kind kind, String tokenName) {
    enum Kind { ACCEPTED, NONE_CONFIGURED, MISSING, WRONG, DUPLICATE }

    boolean accepted() {
      return kind == Kind.ACCEPTED;
    }

    /** For a refusal's journal record: why. */
    String reason() {
      return switch (kind) {
        case ACCEPTED -> "accepted";
        case NONE_CONFIGURED -> "no token configured";
        case MISSING -> "missing bearer token";
        case WRONG -> "wrong bearer token";
        case DUPLICATE -> "duplicate Authorization headers";
      };
    }
  }

  private record Named(String name, byte[] digest) {}

  private final List<Named> tokens = new ArrayList<>();

  Tokens(Map<String, String> secretsByName) {
    secretsByName.forEach((name, secret) -> tokens.add(new Named(name, sha256(secret))));
  }

  boolean configured() {
    return !tokens.isEmpty();
  }

  Verdict check(Request request) {
    if (tokens.isEmpty()) {
      return new Verdict(Verdict.Kind.NONE_CONFIGURED, null);
    }
    List<String> headers = request.header("Authorization");
    if (headers.size() > 1) {
      return new Verdict(Verdict.Kind.DUPLICATE, null);
    }
    String header = headers.isEmpty() ? null : headers.get(0);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Verdict(Verdict.Kind.MISSING, null);
    }
    byte[] presented = sha256(header.substring(7).strip());
    String match = null;
    for (Named t : tokens) {
      if (MessageDigest.isEqual(presented, t.digest) && match == null) {
        match = t.name;
      }
    }
    return match == null ? new Verdict(Verdict.Kind.WRONG, null) : new Verdict(Verdict.Kind.ACCEPTED, match);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
