package dev.chatline.infra;

/**
 * The parity of {@link LocalRuntimeParityTest} for a cell of the two-cell deployment ({@link Synth#twoCells()}):
 * cell b's stack (stage {@code prod-b}, its own tables, queues including the relay queue, topic and routes) is what
 * the local runtime runs for that stage. The directory is the directory stack's ({@link CellsTemplateTest}).
 */
class CellParityTest extends LocalRuntimeParityTest {

    @Override
    Synth.Synthesized synthesized() {
        return Synth.twoCells().cells().get(1);
    }
}
