package dev.selfheal.core.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * {@link Mailbox#help}: a thread drains what waits before the executor's task runs, on its own thread, in
 * order, within its budget; the executor's task that runs afterwards finds nothing; a helper never drains
 * inside a drain of the same owner, nor while another thread drains, and a caller's interrupt is not seen by
 * the messages. The executor here only queues its tasks, so that each test decides when they run.
 */
class MailboxHelpTest {
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private final Executor queued = tasks::add;
  private final List<String> handled = Collections.synchronizedList(new ArrayList<>());
  private final List<Throwable> contained = new ArrayList<>();
  private final Object owner = new Object();
  private final Mailbox mailbox = new Mailbox(owner, queued, () -> { }, contained::add, t -> {
    throw new AssertionError("loop failure", t);
  });

  private Runnable note(String name) {
    return () -> handled.add(name + "@" + Thread.currentThread().getName());
  }

  private void runTasks() {
    Runnable r;
    while ((r = tasks.poll()) != null) {
      r.run();
    }
  }

  @Test
  void help_drainsWhatWaits_onTheCallingThread_beforeTheExecutorsTask_whichThenFindsNothing() {
    mailbox.post(note("a"));
    mailbox.post(note("b"));
    assertThat(tasks).hasSize(1); // one drain scheduled, not yet run

    mailbox.help();

    String me = Thread.currentThread().getName();
    assertThat(handled).containsExactly("a@" + me, "b@" + me);
    runTasks(); // the woken executor's task: nothing left
    assertThat(handled).hasSize(2);
    mailbox.post(note("c")); // and the mailbox schedules again as usual
    assertThat(tasks).hasSize(1);
    runTasks();
    assertThat(handled).hasSize(3);
    assertThat(contained).isEmpty();
  }

  @Test
  void help_withNothingWaiting_doesNothing() {
    mailbox.help();
    assertThat(handled).isEmpty();
    assertThat(tasks).isEmpty();
  }

  @Test
  void help_drainsAtMostItsBudget_andHandsTheRestBackToTheExecutor_inOrder() {
    int n = Mailbox.HELP_BUDGET + 4;
    for (int i = 0; i < n; i++) {
      mailbox.post(note("m" + i));
    }
    tasks.clear(); // the post's own task: say it was lost in the wake-up; the hand-back must still drain

    mailbox.help();

    assertThat(handled).hasSize(Mailbox.HELP_BUDGET);
    assertThat(tasks).hasSize(1); // handed back, the drain still owed
    runTasks();
    List<String> names = handled.stream().map(s -> s.substring(0, s.indexOf('@'))).toList();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add("m" + i);
    }
    assertThat(names).containsExactlyElementsOf(expected);
  }

  @Test
  void help_insideADrainOfTheSameOwner_leavesTheMessageToThatDrain() {
    Mailbox sibling = new Mailbox(owner, queued, () -> { }, contained::add, t -> { });
    mailbox.post(() -> {
      sibling.post(note("sibling"));
      sibling.help(); // a parent's drain helping a child's mailbox could wait for itself: refused
      handled.add("after-help");
    });
    runTasks();
    assertThat(handled.get(0)).isEqualTo("after-help");
    assertThat(handled.get(1)).startsWith("sibling@");
  }

  @Test
  void help_whileTheExecutorDrains_leavesItToIt_andAMessagePostedMeanwhileIsHandled() throws Exception {
    // the executor's task is draining (inside message "slow"); another thread helps and posts meanwhile
    List<String> seenByHelper = new ArrayList<>();
    mailbox.post(() -> {
      Thread other = new Thread(() -> {
        mailbox.post(note("late"));
        mailbox.help(); // busy: returns at once
        seenByHelper.addAll(handled);
      }, "other");
      other.start();
      try {
        other.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      handled.add("slow");
    });
    runTasks();
    assertThat(seenByHelper).isEmpty(); // the helper handled nothing
    assertThat(handled).containsExactly("slow", "late@" + Thread.currentThread().getName());
  }

  @Test
  void aCallersInterrupt_isNotSeenByTheMessages_andIsKept() {
    boolean[] sawInterrupt = new boolean[1];
    mailbox.post(() -> sawInterrupt[0] = Thread.currentThread().isInterrupted());
    Thread.currentThread().interrupt();
    try {
      mailbox.help();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(sawInterrupt[0]).isFalse();
  }
}
