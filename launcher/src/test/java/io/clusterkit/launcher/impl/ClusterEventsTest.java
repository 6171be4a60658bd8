package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.launcher.WorkerExit;
import io.clusterkit.launcher.WorkerMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterEventsTest {

  @Test
  void aThrowingHandlerDoesNotStopTheOthers() {
    ClusterEvents events = new ClusterEvents();
    List<String> seen = new ArrayList<>();
    events.addExit(exit -> seen.add("first " + exit.slot()));
    events.addExit(exit -> {
      throw new IllegalStateException("a bug in the program");
    });
    events.addExit(exit -> seen.add("third " + exit.slot()));

    events.exit(new WorkerExit(1, 1, 4711, 137, 9, false));

    assertThat(seen).containsExactly("first 1", "third 1");
  }

  @Test
  void aMessageSentWithoutReplyRefusesAReply() {
    WorkerMessage message = new WorkerMessage(0, 2, "hi", null);
    assertThat(message.expectsReply()).isFalse();
    assertThat(message.<String>body()).isEqualTo("hi");
    assertThatThrownBy(() -> message.reply("no"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slot 0 gen 2 used sendToLauncher, which awaits no reply");
  }

  @Test
  void aReplyIsCheckedThenHandedOn() {
    List<Object> replies = new ArrayList<>();
    WorkerMessage message = new WorkerMessage(0, 1, "q", replies::add);
    message.reply(42);
    assertThatThrownBy(() -> message.reply(new Object()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(replies).containsExactly(42);
  }

  @Test
  void anExitDescribesItself() {
    assertThat(new WorkerExit(1, 1, 4711, 137, 9, false).describe())
        .isEqualTo("slot 1 gen 1 pid 4711 - signal 9 (KILL), unexpected");
    assertThat(new WorkerExit(0, 2, 4712, 0, 0, true).describe())
        .isEqualTo("slot 0 gen 2 pid 4712 - exit code 0 (OK), planned");
  }
}
