package dev.palisade.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.errors.PlatformException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PageTest {
  @Test
  void theExtraRowOnlySignalsMoreAndTheCursorRoundTrips() {
    Page<String> page = Page.of(List.of("a", "b", "c"), 2, Function.identity());
    assertThat(page.items()).containsExactly("a", "b");
    assertThat(Page.decode(page.nextCursor())).isEqualTo("b");
    assertThat(Page.of(List.of("a", "b"), 2, Function.identity()).nextCursor()).isNull();
  }

  @Test
  void boundsTheLimit() {
    assertThat(Page.limit(null)).isEqualTo(Page.DEFAULT_LIMIT);
    assertThatThrownBy(() -> Page.limit(0)).isInstanceOf(PlatformException.class);
    assertThatThrownBy(() -> Page.limit(Page.MAX_LIMIT + 1)).isInstanceOf(PlatformException.class);
    assertThatThrownBy(() -> Page.decode("***")).isInstanceOf(PlatformException.class);
  }
}
