package io.clusterkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SharedMap} does, whatever holds it. Subclasses give a writer and a reader
 * (two members of one cluster, or one local Vert.x twice); each test uses a map of its own.
 */
abstract class SharedMapContract {

  private static final Duration TTL = Duration.ofMillis(300);

  private final String name = "map-" + UUID.randomUUID();

  /** @return the Vert.x instance that writes */
  protected abstract Vertx writer();

  /** @return the Vert.x instance that reads (another member, when there is one) */
  protected abstract Vertx reader();

  /** @return how long after its TTL an entry may still be readable on this backing */
  protected abstract long expiryLatenessMillis();

  private <K, V> SharedMap<K, V> written() {
    return SharedState.of(writer()).map(name);
  }

  private <K, V> SharedMap<K, V> read() {
    return SharedState.of(reader()).map(name);
  }

  /** Every value type allowed, one of each. */
  private static List<Object> allowedValues() {
    return List.of("text", true, (byte) 1, (short) 2, 3, 4L, 5.5f, 6.5d, new BigInteger("7"),
        new BigDecimal("8.25"), new JsonObject().put("a", 1).put("b", new JsonArray().add("x")),
        new JsonArray().add(1).add("two"), Buffer.buffer("bytes"), new byte[] {9, 10});
  }

  @Test
  void valueWrittenThroughOneMemberIsReadThroughTheOther(VertxTestContext tc) {
    JsonObject doc = new JsonObject().put("user", "ann").put("visits", 3);
    written().put("k", doc)
        .compose(v -> read().get("k"))
        .onComplete(tc.succeeding(got -> tc.verify(() -> {
          assertThat(got).isEqualTo(doc);
          tc.completeNow();
        })));
  }

  @Test
  void everyAllowedValueTypeComesBackEqualAndOfTheSameClass(VertxTestContext tc) {
    List<Object> values = allowedValues();
    SharedMap<String, Object> out = written();
    SharedMap<String, Object> in = read();
    List<Future<Void>> puts = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      puts.add(out.put("k" + i, values.get(i)));
    }
    Future.all(puts).compose(v -> {
      List<Future<Object>> gets = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        gets.add(in.get("k" + i));
      }
      return Future.all(gets).map(all -> all.<Object>list());
    }).onComplete(tc.succeeding(got -> tc.verify(() -> {
      for (int i = 0; i < values.size(); i++) {
        assertThat(got.get(i)).as("value %d", i)
            .hasSameClassAs(values.get(i)).isEqualTo(values.get(i));
      }
      tc.completeNow();
    })));
  }

  @Test
  void everyAllowedKeyTypeFindsItsEntry(VertxTestContext tc) {
    List<Object> keys = new ArrayList<>(allowedValues());
    keys.removeIf(k -> k instanceof byte[]);
    SharedMap<Object, Integer> out = written();
    SharedMap<Object, Integer> in = read();
    List<Future<Void>> puts = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      puts.add(out.put(keys.get(i), i));
    }
    Future.all(puts)
        .compose(v -> Future.all(keys.stream().map(in::get).toList()).map(all -> all.<Integer>list()))
        .onComplete(tc.succeeding(got -> tc.verify(() -> {
          for (int i = 0; i < keys.size(); i++) {
            assertThat(got.get(i)).as("entry of key %s", keys.get(i)).isEqualTo(i);
          }
          tc.completeNow();
        })));
  }

  @Test
  void missingKeyReadsAsNull(VertxTestContext tc) {
    read().get("absent").onComplete(tc.succeeding(got -> tc.verify(() -> {
      assertThat(got).isNull();
      tc.completeNow();
    })));
  }

  @Test
  void putIfAbsentKeepsTheFirstValue(VertxTestContext tc) {
    SharedMap<String, String> out = written();
    SharedMap<String, String> in = read();
    List<String> answers = new ArrayList<>();
    out.putIfAbsent("k", "first").onSuccess(answers::add)
        .compose(v -> in.putIfAbsent("k", "second")).onSuccess(answers::add)
        .compose(v -> in.get("k")).onSuccess(answers::add)
        .onComplete(tc.succeeding(v -> tc.verify(() -> {
          assertThat(answers).as("no previous value, the first value, the first value")
              .containsExactly(null, "first", "first");
          tc.completeNow();
        })));
  }

  @Test
  void entryWithTtlIsReadableThenGoneNoEarlierThanItsTtl(VertxTestContext tc) {
    SharedMap<String, String> in = read();
    long start = System.nanoTime();
    written().put("k", "v", TTL)
        .compose(v -> in.get("k"))
        .compose(first -> {
          tc.verify(() -> assertThat(first).as("read at once after the put").isEqualTo("v"));
          return Poll.until(reader(), TTL.toMillis() + expiryLatenessMillis(),
              () -> in.get("k"), Objects::isNull);
        })
        .onComplete(tc.succeeding(gone -> tc.verify(() -> {
          assertThat(Poll.millisSince(start)).as("ms until the entry was gone")
              .isGreaterThanOrEqualTo(TTL.toMillis());
          tc.completeNow();
        })));
  }

  @Test
  void putIfAbsentWithTtlExpiresAndTheKeyIsFreeAgain(VertxTestContext tc) {
    SharedMap<String, String> out = written();
    SharedMap<String, String> in = read();
    long start = System.nanoTime();
    out.putIfAbsent("k", "first", TTL)
        .compose(previous -> in.putIfAbsent("k", "second", TTL).map(existing -> {
          tc.verify(() -> {
            assertThat(previous).as("before the first put").isNull();
            assertThat(existing).as("while the first entry lives").isEqualTo("first");
          });
          return existing;
        }))
        .compose(v -> Poll.until(reader(), TTL.toMillis() + expiryLatenessMillis(),
            () -> in.get("k"), Objects::isNull))
        .compose(gone -> {
          tc.verify(() -> assertThat(Poll.millisSince(start)).as("ms until the entry was gone")
              .isGreaterThanOrEqualTo(TTL.toMillis()));
          return in.putIfAbsent("k", "third");
        })
        .onComplete(tc.succeeding(previous -> tc.verify(() -> {
          assertThat(previous).as("after expiry").isNull();
          tc.completeNow();
        })));
  }

  @Test
  void removeReturnsTheValueAndRemoveIfPresentComparesIt(VertxTestContext tc) {
    SharedMap<String, String> out = written();
    SharedMap<String, String> in = read();
    List<Object> answers = new ArrayList<>();
    Future.all(out.put("a", "1"), out.put("b", "2"))
        .compose(v -> in.remove("a")).onSuccess(answers::add)
        .compose(v -> in.get("a")).onSuccess(answers::add)
        .compose(v -> in.removeIfPresent("b", "other")).onSuccess(answers::add)
        .compose(v -> in.removeIfPresent("b", "2")).onSuccess(answers::add)
        .compose(v -> in.get("b")).onSuccess(answers::add)
        .onComplete(tc.succeeding(v -> tc.verify(() -> {
          // remove a, a is gone, b kept for another value, b removed for its value, b is gone
          assertThat(answers).containsExactly("1", null, false, true, null);
          tc.completeNow();
        })));
  }

  @Test
  void replaceSetsOnlyAnExistingEntry(VertxTestContext tc) {
    SharedMap<String, String> out = written();
    SharedMap<String, String> in = read();
    List<String> answers = new ArrayList<>();
    in.replace("k", "nothing to replace").onSuccess(answers::add)
        .compose(v -> in.get("k")).onSuccess(answers::add)
        .compose(v -> out.put("k", "old"))
        .compose(v -> in.replace("k", "new")).onSuccess(answers::add)
        .compose(v -> in.get("k")).onSuccess(answers::add)
        .onComplete(tc.succeeding(v -> tc.verify(() -> {
          // missed replace answers null and sets nothing; then old is replaced by new
          assertThat(answers).containsExactly(null, null, "old", "new");
          tc.completeNow();
        })));
  }

  @Test
  void replaceIfPresentSwapsOnlyTheExpectedValue(VertxTestContext tc) {
    SharedMap<String, JsonObject> out = written();
    SharedMap<String, JsonObject> in = read();
    out.put("doc", new JsonObject().put("n", 1).put("by", "w"))
        .compose(v -> in.get("doc"))
        .compose(seen -> in.replaceIfPresent("doc", new JsonObject().put("n", 0), new JsonObject())
            .compose(wrong -> in.replaceIfPresent("doc", seen, seen.copy().put("n", 2))
                .map(right -> List.of(wrong, right))))
        .compose(answers -> in.get("doc").map(now -> {
          tc.verify(() -> assertThat(answers).as("wrong then right expected value")
              .containsExactly(false, true));
          return now;
        }))
        .onComplete(tc.succeeding(now -> tc.verify(() -> {
          assertThat(now.getInteger("n")).isEqualTo(2);
          tc.completeNow();
        })));
  }

  @Test
  void sizeKeysEntriesAndClearSeeTheWholeMap(VertxTestContext tc) {
    SharedMap<String, Integer> out = written();
    SharedMap<String, Integer> in = read();
    Future.all(out.put("a", 1), out.put("b", 2), out.put("c", 3))
        .compose(v -> Future.all(in.size(), in.keys(), in.entries()))
        .compose(all -> {
          tc.verify(() -> {
            assertThat(all.<Integer>resultAt(0)).isEqualTo(3);
            assertThat(all.<Set<String>>resultAt(1)).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(all.<Map<String, Integer>>resultAt(2))
                .isEqualTo(Map.of("a", 1, "b", 2, "c", 3));
          });
          return out.clear();
        })
        .compose(v -> in.size())
        .onComplete(tc.succeeding(size -> tc.verify(() -> {
          assertThat(size).as("size after clear").isZero();
          tc.completeNow();
        })));
  }

  @Test
  void storedValuesAreCopiesOfWhatWasPutAndRead(VertxTestContext tc) {
    SharedMap<String, JsonObject> out = written();
    SharedMap<String, JsonObject> in = read();
    JsonObject doc = new JsonObject().put("n", 1);
    out.put("k", doc)
        .compose(v -> {
          doc.put("n", 99);
          return in.get("k");
        })
        .compose(first -> {
          first.put("n", 42);
          return in.get("k");
        })
        .onComplete(tc.succeeding(second -> tc.verify(() -> {
          assertThat(second).isEqualTo(new JsonObject().put("n", 1));
          tc.completeNow();
        })));
  }

  @Test
  void typesOtherMembersCannotReadAreRejectedAtOnce() {
    SharedMap<Object, Object> map = written();
    assertThatThrownBy(() -> map.put("k", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object").hasMessageContaining("allowed: String");
    assertThatThrownBy(() -> map.put("k", new AtomicLong(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.concurrent.atomic.AtomicLong");
    assertThatThrownBy(() -> map.put(new byte[] {1}, "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key: byte[]");
    assertThatThrownBy(() -> map.removeIfPresent("k", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte[]");
    assertThatThrownBy(() -> map.put("k", new JsonObject().put("pojo", new Object())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> map.put("k", "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be >= 1 ms");
    assertThatThrownBy(() -> map.get(null))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
  }
}
