package dev.brickyard.base.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoraAdapter;
import com.google.flatbuffers.FlatBufferBuilder;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.Violation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdapterFileTest {
    private static final int FLOAT16 = 10;

    /** Tensors of awkward sizes (3 and 5 floats) so that alignment padding is needed between them. */
    private static AdapterFile sample() {
        return AdapterFile.of(7, 3, List.of(
                new AdapterTensor("lora.A", new long[] {1, 3}, new float[] {1.5f, -2.25f, 3.125f}),
                new AdapterTensor("lora.B", new long[] {5}, new float[] {0.5f, 1e-20f, Float.MAX_VALUE, -0f, 42f}),
                new AdapterTensor("lora.empty", new long[] {4, 0}, new float[0]),
                new AdapterTensor("lora.scale", new long[0], new float[] {0.25f})));
    }

    @Test
    void roundTripGivesAnEqualFile() throws Exception {
        AdapterFile file = sample();
        AdapterFile read = AdapterFile.read(file.toBytes());
        assertEquals(file, read);
        assertEquals(file.hashCode(), read.hashCode());
        assertEquals(AdapterFile.FORMAT_VERSION, read.formatVersion());
        assertEquals(7, read.adapterVersion());
        assertEquals(3, read.modelVersion());
        assertEquals(List.of("lora.A", "lora.B", "lora.empty", "lora.scale"),
                read.parameters().stream().map(AdapterTensor::name).toList());
        assertArrayEquals(new float[] {0.5f, 1e-20f, Float.MAX_VALUE, -0f, 42f},
                read.parameter("lora.B").orElseThrow().values());
        assertArrayEquals(new long[] {4, 0}, read.parameter("lora.empty").orElseThrow().dims());
        assertEquals(Optional.empty(), read.parameter("lora.C"));
        assertEquals((3 + 5 + 0 + 1) * 4L, read.weightBytes());
    }

    @Test
    void emptyAdapterRoundTrips() throws Exception {
        AdapterFile empty = AdapterFile.of(1, List.of());
        assertEquals(empty, AdapterFile.read(empty.toBytes()));
        assertEquals(0, empty.weightBytes());
    }

    @Test
    void bytesCarryTheIdentifierAndLittleEndianFloatsOnEightByteBoundaries() {
        byte[] bytes = sample().toBytes();
        assertEquals("TORT", new String(bytes, 4, 4, StandardCharsets.US_ASCII));
        for (float[] values : List.of(new float[] {1.5f, -2.25f, 3.125f}, new float[] {0.5f, 1e-20f})) {
            byte[] pattern = littleEndian(values);
            int at = indexOf(bytes, pattern);
            assertTrue(at > 0, "raw data " + Arrays.toString(values) + " is in the file as little-endian float32");
            assertEquals(0, at % 8, "raw data starts on an 8-byte boundary (force_align: 8)");
            // The vector's length prefix, in bytes, sits right before the data.
            assertEquals(values.length == 3 ? 12 : 20,
                    ByteBuffer.wrap(bytes, at - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        }
    }

    @Test
    void onnxRuntimeLoadsTheFile() throws Exception {
        try (OrtLoraAdapter adapter = OrtLoraAdapter.create(sample().toBytes())) {
            assertTrue(adapter != null);
        }
    }

    @Test
    void onnxRuntimeRefusesWhatTheReaderRefusesForIdentifierAndVersion() {
        byte[] wrongIdentifier = sample().toBytes();
        wrongIdentifier[4] = 'X';
        assertThrows(OrtException.class, () -> OrtLoraAdapter.create(wrongIdentifier));
        byte[] version2 = rawAdapter(2, new RawParameter("lora.A", new long[] {1}, 1, new byte[4]));
        assertThrows(OrtException.class, () -> OrtLoraAdapter.create(version2));
        // The same writer with version 1 is accepted, so the version is what ONNX Runtime refused.
        assertDoesNotThrowOrt(rawAdapter(1, new RawParameter("lora.A", new long[] {1}, 1, new byte[4])));
    }

    @Test
    void wrongIdentifierIsRefused() {
        byte[] bytes = sample().toBytes();
        bytes[4] = 'X';
        AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> AdapterFile.read(bytes));
        assertTrue(e.getMessage().contains("'XORT', not 'TORT'"), e.getMessage());
        assertTrue(e instanceof MalformedBrickException);
    }

    @Test
    void unsupportedFormatVersionIsRefused() {
        byte[] bytes = rawAdapter(2, new RawParameter("lora.A", new long[] {1}, 1, new byte[4]));
        AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> AdapterFile.read(bytes));
        assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
    }

    @Test
    void truncatedFilesAreRefused() {
        byte[] bytes = sample().toBytes();
        int length = bytes.length;
        for (int cut : new int[] {0, 3, 7, 8, 11, 16, length / 4, length / 3, length / 2, 2 * length / 3,
                length - 40, length - 12}) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> AdapterFile.read(truncated),
                    "cut at " + cut + " of " + length);
            assertTrue(e.getMessage().contains("adapter file"), e.getMessage());
        }
    }

    @Test
    void randomBytesAreRefused() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (bytes.length >= 8 && i % 2 == 0) {
                // Past the identifier check half the time, so that the table walking is what gets tested.
                System.arraycopy("TORT".getBytes(StandardCharsets.US_ASCII), 0, bytes, 4, 4);
                bytes[0] = (byte) (random.nextInt(bytes.length / 4) * 4);
                bytes[1] = bytes[2] = bytes[3] = 0;
            }
            AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> AdapterFile.read(bytes),
                    "random file " + i);
            assertRefusedByACheck(e);
        }
    }

    @Test
    void flippedBytesGiveTheFileBackOrAFormatExceptionNeverAnotherException() {
        byte[] original = sample().toBytes();
        Random random = new Random(5);
        int refused = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] bytes = original.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                AdapterFile.read(bytes);
            } catch (AdapterFormatException e) {
                assertRefusedByACheck(e);
                refused++;
            } catch (RuntimeException e) {
                fail("corrupt file " + i + " gave " + e, e);
            }
        }
        assertTrue(refused > 0);
    }

    @Test
    void dataLengthMismatchIsRefused() {
        byte[] bytes = rawAdapter(1, new RawParameter("lora.A", new long[] {2, 3}, 1, new byte[20]));
        AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> AdapterFile.read(bytes));
        assertEquals(List.of(new Violation("parameters[0].raw_data",
                "holds 20 bytes ('lora.A'), but shape [2, 3] of float32 needs 24")), e.violations());
    }

    @Test
    void nonFloatDataTypeIsRefusedByName() {
        byte[] bytes = rawAdapter(1, new RawParameter("lora.A", new long[] {2, 2}, FLOAT16, new byte[8]));
        AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> AdapterFile.read(bytes));
        assertEquals(1, e.violations().size());
        assertEquals("parameters[0].data_type", e.violations().get(0).path());
        assertTrue(e.getMessage().contains("is FLOAT16 (10) ('lora.A'); only FLOAT (1), float32, is supported"),
                e.getMessage());
    }

    @Test
    void duplicateNamesAreRefused() {
        byte[] bytes = rawAdapter(1,
                new RawParameter("lora.A", new long[] {1}, 1, new byte[4]),
                new RawParameter("lora.A", new long[] {1}, 1, new byte[4]));
        AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> AdapterFile.read(bytes));
        assertEquals(List.of(new Violation("parameters[1].name",
                "'lora.A' repeats the name of parameters[0]; ONNX Runtime feeds parameters by name")), e.violations());
        assertThrows(IllegalArgumentException.class, () -> AdapterFile.of(1, List.of(
                new AdapterTensor("lora.A", new long[] {1}, new float[1]),
                new AdapterTensor("lora.A", new long[] {1}, new float[1]))));
    }

    @Test
    void everyBrokenParameterIsListed() {
        byte[] bytes = rawAdapter(1,
                new RawParameter("", new long[] {1}, 1, new byte[4]),
                new RawParameter("lora.A", new long[] {-1, 2}, 1, new byte[0]),
                new RawParameter("lora.B", null, 1, new byte[4]),
                new RawParameter("lora.C", new long[] {1}, 1, null),
                new RawParameter("lora.D", new long[] {1}, 1, new byte[4]));
        AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> AdapterFile.read(bytes));
        assertEquals(List.of("parameters[0].name", "parameters[1].dims", "parameters[2].dims",
                "parameters[3].raw_data"), e.violations().stream().map(Violation::path).toList());
        assertTrue(e.getMessage().contains("(4 problems)"), e.getMessage());
        assertTrue(e.getMessage().contains("dims[0] is -1; dimensions are >= 0 ('lora.A')"), e.getMessage());
    }

    @Test
    void tensorChecksItsShapeAndComparesByContent() {
        assertThrows(IllegalArgumentException.class,
                () -> new AdapterTensor("lora.A", new long[] {2, 3}, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new AdapterTensor("", new long[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class,
                () -> new AdapterTensor("lora.A", new long[] {-2, -3}, new float[6]));
        AdapterTensor matrix = AdapterTensor.matrix("lora.A", new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(new AdapterTensor("lora.A", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}), matrix);
        assertNotEquals(new AdapterTensor("lora.A", new long[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6}), matrix);
        assertEquals(2, matrix.rows());
        assertEquals(3, matrix.cols());
        assertEquals(6f, matrix.get(1, 2));
        float[] values = matrix.values();
        values[0] = 99;
        assertEquals(1f, matrix.get(0, 0), "the tensor does not share its arrays");
        assertThrows(IllegalStateException.class, () -> new AdapterTensor("s", new long[0], new float[1]).rows());
    }

    /** Refused by an explicit check, not by the reader's last-resort catch of a buffer overrun. */
    private static void assertRefusedByACheck(AdapterFormatException e) {
        assertFalse(e.getCause() instanceof RuntimeException, () -> "refused only by the safety net: " + e.getCause());
    }

    private static void assertDoesNotThrowOrt(byte[] bytes) {
        try (OrtLoraAdapter adapter = OrtLoraAdapter.create(bytes)) {
            assertTrue(adapter != null);
        } catch (OrtException e) {
            fail("ONNX Runtime refused the file", e);
        }
    }

    /** A parameter as the file stores it, any field possibly wrong; a null field is left out of the file. */
    private record RawParameter(String name, long[] dims, int dataType, byte[] rawData) {
    }

    /** An adapter file written field by field, so that tests can break any rule the reader checks. */
    private static byte[] rawAdapter(int formatVersion, RawParameter... parameters) {
        FlatBufferBuilder builder = new FlatBufferBuilder(256);
        int[] offsets = new int[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            RawParameter parameter = parameters[i];
            int name = parameter.name() == null ? 0 : builder.createString(parameter.name());
            int dims = 0;
            if (parameter.dims() != null) {
                builder.startVector(8, parameter.dims().length, 8);
                for (int d = parameter.dims().length - 1; d >= 0; d--) {
                    builder.addLong(parameter.dims()[d]);
                }
                dims = builder.endVector();
            }
            int rawData = 0;
            if (parameter.rawData() != null) {
                builder.createUnintializedVector(1, parameter.rawData().length, 8).put(parameter.rawData());
                rawData = builder.endVector();
            }
            builder.startTable(4);
            if (name != 0) {
                builder.addOffset(0, name, 0);
            }
            if (dims != 0) {
                builder.addOffset(1, dims, 0);
            }
            builder.addInt(2, parameter.dataType(), 0);
            if (rawData != 0) {
                builder.addOffset(3, rawData, 0);
            }
            offsets[i] = builder.endTable();
        }
        int vector = builder.createVectorOfTables(offsets);
        builder.startTable(4);
        builder.addInt(0, formatVersion, 0);
        builder.addOffset(3, vector, 0);
        builder.finish(builder.endTable(), "TORT");
        return builder.sizedByteArray();
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
