package dev.selfheal.recovery.internal;

/**
 * The one name of a policy instance wherever it appears (#13): its journal records, its registry's records and
 * events, its health source and the operator endpoint all say {@code <prefix>:<name>}, such as
 * {@code circuit:payments}. The prefix is the policy kind, except for breakers, whose health sources have been
 * {@code circuit:} since the first release (the kind itself, {@code circuitbreaker}, stays what events and
 * the policy listing call it).
 */
public final class PolicyNames {
  private PolicyNames() {}

  /** {@return the instance name of policy {@code name} of {@code kind}} */
  public static String of(String kind, String name) {
    return prefix(kind) + ":" + name;
  }

  /** {@return the prefix of the instance names of {@code kind}} */
  public static String prefix(String kind) {
    return kind.equals("circuitbreaker") ? "circuit" : kind;
  }
}
