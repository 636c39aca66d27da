package dev.chatline.infra.artifacts;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Walks a method's bytecode and reports the constant pool indexes its instructions use. */
final class Bytecode {
    private static final int LDC = 0x12;
    private static final int IINC = 0x84;
    private static final int TABLESWITCH = 0xaa;
    private static final int LOOKUPSWITCH = 0xab;
    private static final int WIDE = 0xc4;
    /** Instruction lengths by opcode; the switches and {@code wide} are decoded separately. */
    private static final int[] LENGTH = new int[256];
    /** Opcodes whose first operand is a two-byte constant pool index. */
    private static final boolean[] CONSTANT_OPERAND = new boolean[256];

    static {
        Arrays.fill(LENGTH, 1);
        length(2, 0x10, LDC, 0xa9, 0xbc); // bipush, ldc, ret, newarray
        length(2, IntStream.rangeClosed(0x15, 0x19).toArray()); // loads with a local index
        length(2, IntStream.rangeClosed(0x36, 0x3a).toArray()); // stores with a local index
        length(3, 0x11, 0x13, 0x14, IINC, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7); // sipush, ldc_w, ldc2_w, new...
        length(3, IntStream.rangeClosed(0x99, 0xa8).toArray()); // branches
        length(3, IntStream.rangeClosed(0xb2, 0xb8).toArray()); // field access, invokevirtual/special/static
        length(4, 0xc5); // multianewarray
        length(5, 0xb9, 0xba, 0xc8, 0xc9); // invokeinterface, invokedynamic, goto_w, jsr_w
        // ldc_w, ldc2_w, field access, invoke*, new, anewarray, checkcast, instanceof, multianewarray
        IntStream.of(0x13, 0x14, 0xb9, 0xba, 0xbb, 0xbd, 0xc0, 0xc1, 0xc5).forEach(op -> CONSTANT_OPERAND[op] = true);
        IntStream.rangeClosed(0xb2, 0xb8).forEach(op -> CONSTANT_OPERAND[op] = true);
    }

    private Bytecode() {
    }

    /** Calls {@code constant} with the constant pool index of every instruction that has one. */
    static void scan(byte[] code, IntConsumer constant) {
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xff;
            if (op == TABLESWITCH || op == LOOKUPSWITCH) {
                int base = (pc + 4) & ~3; // operands are 4-byte aligned
                pc = op == TABLESWITCH ? base + 12 + 4 * (s4(code, base + 8) - s4(code, base + 4) + 1)
                        : base + 8 + 8 * s4(code, base + 4);
            } else if (op == WIDE) {
                pc += (code[pc + 1] & 0xff) == IINC ? 6 : 4;
            } else {
                if (op == LDC) {
                    constant.accept(code[pc + 1] & 0xff);
                } else if (CONSTANT_OPERAND[op]) {
                    constant.accept(((code[pc + 1] & 0xff) << 8) | (code[pc + 2] & 0xff));
                }
                pc += LENGTH[op];
            }
        }
    }

    private static int s4(byte[] code, int at) {
        return ((code[at] & 0xff) << 24) | ((code[at + 1] & 0xff) << 16) | ((code[at + 2] & 0xff) << 8)
                | (code[at + 3] & 0xff);
    }

    private static void length(int length, int... ops) {
        for (int op : ops) {
            LENGTH[op] = length;
        }
    }
}
