package dev.selfheal.recovery.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Looks up the VarHandles of the lock-free classes. Not API. */
final class VarHandles {
  private VarHandles() {}

  /** The handle of the instance field {@code name} of the lookup's class; fails class initialisation if absent. */
  static VarHandle field(MethodHandles.Lookup lookup, String name, Class<?> type) {
    try {
      return lookup.findVarHandle(lookup.lookupClass(), name, type);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
