package dev.selfheal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The trie list against an {@link ArrayList} model: appends, replacements, and that copies never alias. */
class ChunkedListProperties {

  @Property(tries = 200)
  void behaves_like_an_array_list(@ForAll @IntRange(min = 0, max = 3_000) int initial,
      @ForAll @Size(max = 60) List<@IntRange(min = -1, max = 5_000) Integer> ops) {
    List<Integer> model = new ArrayList<>();
    for (int i = 0; i < initial; i++) {
      model.add(i);
    }
    ChunkedList<Integer> list = ChunkedList.of(model);
    for (int op : ops) {
      ChunkedList<Integer> before = list;
      List<Integer> beforeModel = List.copyOf(model);
      if (op < 0 || model.isEmpty()) {
        list = list.plus(-model.size());
        model.add(-model.size());
      } else {
        int index = op % model.size();
        list = list.with(index, op);
        model.set(index, op);
      }
      assertThat(before).isEqualTo(beforeModel); // the old copy is untouched
    }
    assertThat(list).hasSize(model.size()).isEqualTo(model);
  }

  @Property(tries = 20)
  void appends_across_node_boundaries(@ForAll @IntRange(min = 1_020, max = 2_100) int n) {
    ChunkedList<Integer> list = ChunkedList.empty();
    for (int i = 0; i < n; i++) {
      list = list.plus(i);
    }
    for (int i = 0; i < n; i++) {
      assertThat(list.get(i)).isEqualTo(i);
    }
  }
}
