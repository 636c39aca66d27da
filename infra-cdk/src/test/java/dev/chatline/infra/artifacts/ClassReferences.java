package dev.chatline.infra.artifacts;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.BitSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes a class file uses, as the JVM would need them when it runs the class: its superclass and
 * interfaces, the owners of the fields and methods it accesses, the classes its code instantiates, casts to, tests
 * with {@code instanceof}, loads as a literal or catches, and every class in the descriptors of the members and
 * method types it uses. Constant pool entries no code uses (javac records the classes whose compile-time constants
 * it inlined) do not count. Names are internal ({@code java/lang/String}); arrays yield their element class.
 */
final class ClassReferences {
    private static final int CLASS = 7;

    private final DataInputStream in;
    private String[] utf8;
    private int[] tags;
    private int[] first;
    private int[] second;
    private final BitSet usedClasses = new BitSet();
    private final Set<String> out = new TreeSet<>();

    private ClassReferences(byte[] classFile) {
        this.in = new DataInputStream(new ByteArrayInputStream(classFile));
    }

    static Set<String> of(byte[] classFile) {
        try {
            return new ClassReferences(classFile).read();
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable class file", e);
        }
    }

    private Set<String> read() throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        in.skipBytes(4); // minor, major
        readConstantPool();
        in.skipBytes(4); // access flags, this class
        useClass(in.readUnsignedShort()); // superclass
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            useClass(in.readUnsignedShort());
        }
        skipMembers(false); // fields
        skipMembers(true); // methods, scanning their code
        for (int i = 1; i < tags.length; i++) {
            switch (tags[i]) {
                case 9, 10, 11 -> useClass(first[i]); // member references: their owner
                case 12 -> addDescriptor(utf8[second[i]]); // name and type: its descriptor
                case 16 -> addDescriptor(utf8[first[i]]); // method type
                default -> { }
            }
        }
        usedClasses.stream().forEach(i -> {
            String name = utf8[first[i]];
            if (name.startsWith("[")) {
                addDescriptor(name);
            } else {
                out.add(name);
            }
        });
        return out;
    }

    private void readConstantPool() throws IOException {
        int count = in.readUnsignedShort();
        utf8 = new String[count];
        tags = new int[count];
        first = new int[count];
        second = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case CLASS, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 3, 4 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // eight-byte constants take two slots
                }
                case 15 -> in.skipBytes(3);
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
            }
        }
    }

    private void skipMembers(boolean methods) throws IOException {
        int count = in.readUnsignedShort();
        for (int m = 0; m < count; m++) {
            in.skipBytes(6); // access flags, name, descriptor
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String name = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (methods && "Code".equals(name)) {
                    readCode();
                } else {
                    in.skipBytes(length);
                }
            }
        }
    }

    private void readCode() throws IOException {
        in.skipBytes(4); // max stack, max locals
        byte[] code = new byte[in.readInt()];
        in.readFully(code);
        Bytecode.scan(code, this::useConstant);
        int handlers = in.readUnsignedShort();
        for (int h = 0; h < handlers; h++) {
            in.skipBytes(6);
            useClass(in.readUnsignedShort()); // catch type (0: any)
        }
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }

    /** A constant pool index used by an instruction: a class (new, casts, literals) or anything else. */
    private void useConstant(int index) {
        if (index > 0 && index < tags.length && tags[index] == CLASS) {
            usedClasses.set(index);
        }
    }

    private void useClass(int index) {
        if (index != 0) {
            usedClasses.set(index);
        }
    }

    /** Every {@code Lname;} in a field or method descriptor. */
    private void addDescriptor(String descriptor) {
        int i = descriptor.indexOf('L');
        while (i >= 0) {
            int end = descriptor.indexOf(';', i);
            out.add(descriptor.substring(i + 1, end));
            i = descriptor.indexOf('L', end);
        }
    }
}
