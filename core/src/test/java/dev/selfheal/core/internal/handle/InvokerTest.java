package dev.selfheal.core.internal.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvokerTest {

  public interface Shapes {
    int zero();

    long one(int a);

    String two(String a, long b);

    double three(double a, byte b, char c);

    Object four(Object a, Object b, Object c, Object d);

    String five(int a, int b, int c, int d, int e);

    void sink(String s);

    void fails() throws IOException;
  }

  static final class Impl implements Shapes {
    final List<String> sunk = new ArrayList<>();

    @Override
    public int zero() {
      return 0;
    }

    @Override
    public long one(int a) {
      return a + 1L;
    }

    @Override
    public String two(String a, long b) {
      return a + b;
    }

    @Override
    public double three(double a, byte b, char c) {
      return a + b + c;
    }

    @Override
    public Object four(Object a, Object b, Object c, Object d) {
      return List.of(a, b, c, d);
    }

    @Override
    public String five(int a, int b, int c, int d, int e) {
      return "" + a + b + c + d + e;
    }

    @Override
    public void sink(String s) {
      sunk.add(s);
    }

    @Override
    public void fails() throws IOException {
      throw new IOException("disk");
    }
  }

  private static Object call(String name, Object... args) throws Throwable {
    for (var m : Shapes.class.getMethods()) {
      if (m.getName().equals(name)) {
        Invoker inv = Invoker.of(m);
        assertThat(inv.direct()).as(name + " spun").isEqualTo(m.getParameterCount() <= 4);
        assertThat(inv.viaHandle()).as(name + " by method handle").isEqualTo(m.getParameterCount() > 4);
        return inv.invoke(IMPL, args);
      }
    }
    throw new AssertionError(name);
  }

  static final Impl IMPL = new Impl();

  @Test
  void every_arity_boxing_and_void_is_called_directly_and_five_arguments_by_method_handle() throws Throwable {
    assertThat(call("zero")).isEqualTo(0);
    assertThat(call("one", 41)).isEqualTo(42L);
    assertThat(call("two", "a", 7L)).isEqualTo("a7");
    assertThat(call("three", 1.0, (byte) 2, 'a')).isEqualTo(1.0 + 2 + 'a');
    assertThat(call("four", 1, 2, 3, 4)).isEqualTo(List.of(1, 2, 3, 4));
    assertThat(call("five", 1, 2, 3, 4, 5)).isEqualTo("12345");
    assertThat(call("sink", "x")).isNull();
    assertThat(IMPL.sunk).containsExactly("x");
  }

  @Test
  void a_checked_exception_propagates_unwrapped() {
    assertThatThrownBy(() -> call("fails")).isInstanceOf(IOException.class).hasMessage("disk");
  }
}
