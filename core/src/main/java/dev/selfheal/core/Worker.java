package dev.selfheal.core;

/**
 * A worker: a loop that runs on its own thread (named {@code selfheal-worker-<path>}) until it is told to
 * stop or ends on its own. Returning from {@link #run} is a normal exit; throwing is an abnormal exit
 * (a crash); {@link ChildContext#exitShutdown} inside it is a shutdown exit.
 *
 * <p>When its supervisor stops it, {@link ChildContext#stopRequested()} turns true; once the child's
 * {@link Shutdown} bound has passed, the thread is interrupted. A well-behaved worker checks the flag or
 * responds to interruption.
 */
@FunctionalInterface
public interface Worker {
  void run(ChildContext context) throws Exception;
}
