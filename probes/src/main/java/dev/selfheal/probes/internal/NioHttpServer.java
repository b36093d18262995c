package dev.selfheal.probes.internal;

/*
 * Why this class is large (489 lines): the selector loop and the per-connection state machine share the loop's
 * unsynchronised state (open set, deadline, read buffer); split, they would need it passed around or locked.
 */

import dev.selfheal.probes.internal.HttpMessages.Request;
import dev.selfheal.probes.internal.HttpMessages.Response;
import dev.selfheal.probes.internal.RequestParser.HttpError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small non-blocking HTTP/1.1 server on the JDK's NIO: one I/O thread ({@code selfheal-http-io-1}) accepts,
 * reads, parses and writes every connection; complete requests go to a {@link Handler} that answers later
 * through {@link Exchange#respond} from any thread. One request per connection ({@code Connection: close}).
 *
 * <p><b>Why not the JDK's {@code com.sun.net.httpserver}.</b> It reads the request line and headers on its
 * executor's threads with blocking reads and no per-request deadline (its only limits are JVM-wide internal
 * system properties such as {@code sun.net.httpserver.maxReqTime}, off by default on JDK 17, and its idle
 * timer does not cover a request half read). A client that sends a request line and stops holds one executor
 * thread for as long as it likes, so N stalled clients stop every probe when the executor has N threads; any
 * bound on threads is a bound an attacker reaches. Here no thread ever waits for a client: a stalled
 * connection costs one buffer (bounded) and one file descriptor (bounded) until its deadline closes it.
 * Netty or Jetty would do the same but are dependencies the project does not allow.
 *
 * <p><b>Per-connection life.</b>
 * <pre>{@code
 *  accept ──► READING ──request complete──► HANDLING ──respond()──► WRITING ──all written──► closed
 *               │ request line not in time (requestLineTimeout from accept)  ─┐
 *               │ headers not in time (headerTimeout from accept)            ─┼─► 408, closed
 *               │ body not in time (bodyTimeout from the end of the headers) ─┘
 *               │ malformed / too large ──► 400, 413, 414, 431, 501 or 505, closed
 *               │ at maxConnections, the oldest READING connection is closed to make room
 *  HANDLING: no answer within handleTimeout (a handler stuck in user code) ──► 503, WRITING
 *  WRITING: not written within writeTimeout (a client that does not read) ──► closed
 * }</pre>
 * The header section (request line included) holds at most {@code maxHeaderBytes} and the body at most
 * {@code maxBodyBytes}, so each connection costs at most their sum. Accepting never stops: when the
 * connection bound is reached, the oldest connection still reading its request (the one that made the least
 * of its time) is closed, so a flood of stalled connections cannot lock out a kubelet's probe, which sends
 * its whole request at once. When accept itself fails (out of file descriptors) the server stops accepting
 * for 100 ms instead of spinning on the ready key. A failure while serving one connection (a bug) closes
 * that connection and is logged; the loop goes on. The listen backlog is configurable (the OS may cap it, on Linux at
 * {@code net.core.somaxconn}).
 *
 * <p>Deadlines read {@link System#nanoTime()}: they guard real sockets, which a manual clock cannot stall.
 *
 * <p>This class is thread-safe: {@link #start()} and {@link #stop()} may be called from any thread;
 * everything else runs on the I/O thread or through the lock-free ready queue.
 */
final class NioHttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(NioHttpServer.class);
  private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Receives complete requests on the I/O thread; it must hand real work to another thread and return. */
  @FunctionalInterface
  interface Handler {
    void handle(Request request, Exchange exchange);
  }

  /**
   * The server's bounds.
   *
   * @param requestLineNanos from accept to the end of the request line
   * @param headerNanos      from accept to the end of the header section
   * @param bodyNanos        from the end of the headers to the end of the body
   * @param handleNanos      from the request being complete to the handler's answer; later, 503
   * @param writeNanos       from the response being ready to its last byte written
   */
  record Limits(int maxConnections, int backlog, int maxHeaderBytes, int maxBodyBytes, long requestLineNanos,
      long headerNanos, long bodyNanos, long handleNanos, long writeNanos) {}

  private final InetSocketAddress bindTo;
  private final Limits limits;
  private final Handler handler;
  private final Runnable everySecond;
  private final ConcurrentLinkedQueue<Connection> ready = new ConcurrentLinkedQueue<>();
  private final LinkedHashSet<Connection> reading = new LinkedHashSet<>(); // accept order; I/O thread only
  private final LinkedHashSet<Connection> open = new LinkedHashSet<>(); // I/O thread only
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024); // I/O thread only
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong acceptFailures = new AtomicLong();
  private long nextDeadline = Long.MAX_VALUE; // I/O thread only
  private long acceptPausedUntil; // I/O thread only; 0 when accepting
  private SelectionKey serverKey;
  private Selector selector;
  private ServerSocketChannel server;
  private Thread ioThread;
  private volatile boolean running;

  /**
   * A server that hands complete requests to {@code handler} and runs {@code everySecond} on the I/O thread
   * about once a second (it must hand real work to another thread and return, as the handler does).
   */
  NioHttpServer(InetSocketAddress bindTo, Limits limits, Handler handler, Runnable everySecond) {
    this.bindTo = Objects.requireNonNull(bindTo, "bindTo");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.everySecond = Objects.requireNonNull(everySecond, "everySecond");
  }

  /** Binds and starts the I/O thread; returns the bound address. */
  synchronized InetSocketAddress start() {
    try {
      selector = Selector.open();
      server = ServerSocketChannel.open();
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(bindTo, limits.backlog());
      server.configureBlocking(false);
      serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      closeQuietly(server);
      closeQuietly(selector);
      throw new UncheckedIOException("cannot bind " + bindTo.getHostString() + ":" + bindTo.getPort(), e);
    }
    running = true;
    ioThread = new NamedThreadFactory("selfheal-http-io").newThread(this::loop);
    ioThread.start();
    try {
      return (InetSocketAddress) server.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the listening socket and every connection, and waits for the I/O thread to end. */
  void stop() {
    Thread t;
    synchronized (this) {
      running = false;
      t = ioThread;
      if (selector != null) {
        selector.wakeup();
      }
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  long timedOut() {
    return timedOut.get();
  }

  long evicted() {
    return evicted.get();
  }

  long malformed() {
    return malformed.get();
  }

  long served() {
    return served.get();
  }

  // ---------------------------------------------------------------- I/O thread

  private void loop() {
    long lastTick = System.nanoTime();
    try {
      while (running) {
        long now = System.nanoTime();
        long waitMs = nextDeadline == Long.MAX_VALUE ? 1_000
            : Math.min(1_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextDeadline - now) + 1));
        selector.select(acceptPausedUntil != 0 ? Math.min(waitMs, 100) : waitMs);
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            acceptAll();
          } else {
            Connection c = (Connection) key.attachment();
            try {
              if (key.isReadable()) {
                c.onReadable();
              }
              if (key.isValid() && key.isWritable()) {
                c.onWritable();
              }
            } catch (RuntimeException e) {
              failed(c, e);
            }
          }
        }
        for (Connection c; (c = ready.poll()) != null; ) {
          try {
            c.startWriting();
          } catch (RuntimeException e) {
            failed(c, e);
          }
        }
        now = System.nanoTime();
        if (nextDeadline != Long.MAX_VALUE && now - nextDeadline >= 0) {
          sweep(now);
        }
        if (acceptPausedUntil != 0 && now - acceptPausedUntil >= 0) {
          acceptPausedUntil = 0;
          serverKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        if (now - lastTick >= SECOND_NANOS) {
          lastTick = now;
          everySecond.run();
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      if (running) {
        LOG.error("health endpoint I/O loop failed; the endpoint stops serving", e);
      }
    } catch (RuntimeException | Error e) {
      LOG.error("health endpoint I/O loop failed; the endpoint stops serving", e);
      if (e instanceof VirtualMachineError) {
        throw e;
      }
    } finally {
      for (Connection c : new ArrayList<>(open)) {
        c.close();
      }
      closeQuietly(server);
      closeQuietly(selector);
    }
  }

  /** A bug must cost one connection, never the endpoint: the connection is closed, the loop goes on. */
  private void failed(Connection c, RuntimeException e) {
    LOG.warn("health endpoint connection failed; closing it", e);
    c.close();
  }

  private void acceptAll() {
    while (true) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        // typically out of file descriptors: stop accepting for a moment rather than spin on a ready key
        // (connections wait in the backlog meanwhile; deadlines keep closing stalled ones)
        long n = acceptFailures.incrementAndGet();
        if (n == 1 || n % 100 == 0) {
          LOG.warn("health endpoint cannot accept ({}, {} times so far); retrying in 100 ms", e.toString(), n);
        }
        acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE_NANOS;
        serverKey.interestOps(0);
        return;
      }
      if (ch == null) {
        return;
      }
      if (open.size() >= limits.maxConnections()) {
        Iterator<Connection> oldest = reading.iterator();
        if (oldest.hasNext()) {
          evicted.incrementAndGet();
          oldest.next().close();
        } else {
          closeQuietly(ch); // every slot is a request being answered: the client retries
          continue;
        }
      }
      try {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection(ch, ((InetSocketAddress) ch.getRemoteAddress()).getAddress(), System.nanoTime());
        c.key = ch.register(selector, SelectionKey.OP_READ, c);
        open.add(c);
        reading.add(c);
        nextDeadline = Math.min(nextDeadline, c.deadline);
      } catch (IOException e) {
        closeQuietly(ch);
      }
    }
  }

  /** Closes every connection past its deadline and finds the next deadline. */
  private void sweep(long now) {
    long next = Long.MAX_VALUE;
    for (Connection c : new ArrayList<>(open)) {
      if (c.deadline != Long.MAX_VALUE && now - c.deadline >= 0) {
        try {
          c.expire();
        } catch (RuntimeException e) {
          failed(c, e);
        }
      } else {
        next = Math.min(next, c.deadline);
      }
    }
    // deadlines closer than one sweep apart are taken together, so a drip of connections costs one sweep
    nextDeadline = next == Long.MAX_VALUE ? next : Math.max(next, now + SWEEP_NANOS);
  }

  /** One client connection; all methods run on the I/O thread except {@link Exchange#respond}. */
  private final class Connection implements Exchange {
    private final SocketChannel channel;
    private final java.net.InetAddress remote;
    private final long acceptedAt;
    private final RequestParser parser;
    private final AtomicBoolean responded = new AtomicBoolean();
    private SelectionKey key;
    private long deadline;
    private boolean head;
    private volatile ByteBuffer out;
    private boolean closed;

    Connection(SocketChannel channel, java.net.InetAddress remote, long acceptedAt) {
      this.channel = channel;
      this.remote = remote;
      this.acceptedAt = acceptedAt;
      this.parser = new RequestParser(limits.maxHeaderBytes(), limits.maxBodyBytes());
      this.deadline = acceptedAt + limits.requestLineNanos();
    }

    void onReadable() {
      if (!reading.contains(this)) {
        // not reading any more (handling or writing): a readable key means EOF or extra bytes; drop them
        drain();
        return;
      }
      readBuffer.clear();
      int n;
      try {
        n = channel.read(readBuffer);
      } catch (IOException e) {
        close();
        return;
      }
      if (n < 0) {
        close();
        return;
      }
      readBuffer.flip();
      RequestParser.Phase before = parser.phase();
      boolean complete;
      try {
        complete = parser.feed(readBuffer);
      } catch (HttpError e) {
        malformed.incrementAndGet();
        refuse(e.status, e.getMessage());
        return;
      }
      if (complete) {
        reading.remove(this);
        deadline = System.nanoTime() + limits.handleNanos();
        nextDeadline = Math.min(nextDeadline, deadline);
        key.interestOps(0);
        head = "HEAD".equals(parser.method());
        Request request = parser.request(remote);
        try {
          handler.handle(request, this);
        } catch (RuntimeException e) {
          LOG.warn("health endpoint handler failed on {} {}", request.method(), request.rawPath(), e);
          respond(Response.text(500, "internal error\n"));
        }
      } else if (parser.phase() != before) {
        deadline = switch (parser.phase()) {
          case HEADERS -> acceptedAt + limits.headerNanos();
          case BODY -> System.nanoTime() + limits.bodyNanos();
          default -> deadline;
        };
        nextDeadline = Math.min(nextDeadline, deadline);
      }
    }

    private void drain() {
      readBuffer.clear();
      try {
        if (channel.read(readBuffer) < 0) {
          key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        }
      } catch (IOException e) {
        close();
      }
    }

    /** The server's own error page: plain text, one line, never a class name. */
    private void refuse(int status, String reason) {
      reading.remove(this);
      head = "HEAD".equals(parser.method());
      respond(Response.text(status, (status == 408 ? "" : "bad request: ") + reason + "\n"));
    }

    void expire() {
      if (reading.contains(this)) {
        timedOut.incrementAndGet();
        refuse(408, "request not received in time");
        startWriting(); // no wait for the ready queue; a client that does not read is closed at writeTimeout
      } else if (out == null) {
        respond(Response.text(503, "no answer in time, try again\n")); // the handler's late answer is dropped
        startWriting();
      } else {
        close(); // a response not written within writeTimeout
      }
    }

    @Override
    public void respond(Response response) {
      if (!responded.compareAndSet(false, true)) {
        return;
      }
      out = ByteBuffer.wrap(response.encode(head));
      ready.add(this);
      if (Thread.currentThread() != ioThread) {
        selector.wakeup();
      }
    }

    void startWriting() {
      if (closed || out == null || key.interestOps() == SelectionKey.OP_WRITE) {
        return;
      }
      served.incrementAndGet();
      deadline = System.nanoTime() + limits.writeNanos();
      nextDeadline = Math.min(nextDeadline, deadline);
      key.interestOps(SelectionKey.OP_WRITE);
      onWritable();
    }

    void onWritable() {
      try {
        channel.write(out);
      } catch (IOException e) {
        close();
        return;
      }
      if (!out.hasRemaining()) {
        close();
      }
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      reading.remove(this);
      open.remove(this);
      if (key != null) {
        key.cancel();
      }
      closeQuietly(channel);
    }
  }

  /** The answer side of one request; {@link #respond} may be called once, from any thread. */
  interface Exchange {
    void respond(Response response);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing on the way out; nothing to report
      }
    }
  }
}
