package dev.brickyard.base.adapter;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.flatbuffers.Table;
import dev.brickyard.api.manifest.Violation;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ONNX Runtime adapter file ({@code .onnx_adapter}): named float32 tensors that
 * {@code OrtLoraAdapter.create(bytes)} loads and {@code RunOptions.addActiveLoraAdapter} feeds to the graph inputs of
 * the same names. The file is a FlatBuffer of ONNX Runtime's schema
 * ({@code onnxruntime/lora/adapter_format/adapter_schema.fbs}), little-endian, identifier {@code TORT}:
 * <pre>
 * table Adapter {                 // root
 *   format_version:int;           // slot 0, must be 1 (ONNX Runtime refuses other values)
 *   adapter_version:int;          // slot 1, free for the author
 *   model_version:int;            // slot 2, free for the author
 *   parameters:[Parameter];       // slot 3
 * }
 * table Parameter {
 *   name:string;                  // slot 0, the graph input fed
 *   dims:[int64];                 // slot 1
 *   data_type:TensorDataType;     // slot 2, int32 ONNX element type; only FLOAT = 1 is accepted here
 *   raw_data:[uint8] (force_align: 8);  // slot 3, product(dims) * 4 bytes of little-endian float32
 * }
 * </pre>
 *
 * <p>ONNX Runtime's own loader verifies the FlatBuffer's structure but trusts its content: it neither checks that
 * {@code raw_data} is as long as {@code dims} say nor that {@code dims}, {@code raw_data} and {@code parameters}
 * are present, and it points tensors straight into the buffer. {@link #read} therefore checks every one of those,
 * so bytes it accepts are safe to hand to ONNX Runtime. Instances are immutable; parameter names are unique.
 */
public final class AdapterFile {
    /** The FlatBuffer file identifier, bytes 4 to 8 of every adapter file. */
    public static final String IDENTIFIER = "TORT";
    /** The format version written, the only one ONNX Runtime 1.23 accepts. */
    public static final int FORMAT_VERSION = 1;
    /** {@code TensorDataType.FLOAT}, the only element type accepted. */
    static final int FLOAT = 1;

    /** {@code TensorDataType} names by value, for messages about refused types. */
    private static final List<String> DATA_TYPES = List.of("UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16",
            "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128",
            "BFLOAT16", "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ");

    /** Field slots (declaration order in the schema); the vtable entry of slot {@code s} is at {@code 4 + 2s}. */
    private static final int ADAPTER_FORMAT_VERSION = 0;
    private static final int ADAPTER_ADAPTER_VERSION = 1;
    private static final int ADAPTER_MODEL_VERSION = 2;
    private static final int ADAPTER_PARAMETERS = 3;
    private static final int PARAMETER_NAME = 0;
    private static final int PARAMETER_DIMS = 1;
    private static final int PARAMETER_DATA_TYPE = 2;
    private static final int PARAMETER_RAW_DATA = 3;
    private static final int RAW_DATA_ALIGNMENT = 8;

    private final int formatVersion;
    private final int adapterVersion;
    private final int modelVersion;
    private final List<AdapterTensor> parameters;
    private final Map<String, AdapterTensor> parametersByName;

    private AdapterFile(int formatVersion, int adapterVersion, int modelVersion, List<AdapterTensor> parameters) {
        this.formatVersion = formatVersion;
        this.adapterVersion = adapterVersion;
        this.modelVersion = modelVersion;
        this.parameters = List.copyOf(parameters);
        Map<String, AdapterTensor> byName = new LinkedHashMap<>();
        for (AdapterTensor parameter : this.parameters) {
            if (byName.putIfAbsent(parameter.name(), parameter) != null) {
                throw new IllegalArgumentException("parameter name '" + parameter.name() + "' repeats; ONNX Runtime"
                        + " feeds parameters by name");
            }
        }
        this.parametersByName = Collections.unmodifiableMap(byName);
    }

    /**
     * An adapter of the current format version with model version 0.
     *
     * @throws IllegalArgumentException when two parameters share a name
     */
    public static AdapterFile of(int adapterVersion, List<AdapterTensor> parameters) {
        return of(adapterVersion, 0, parameters);
    }

    /**
     * An adapter of the current format version.
     *
     * @throws IllegalArgumentException when two parameters share a name
     */
    public static AdapterFile of(int adapterVersion, int modelVersion, List<AdapterTensor> parameters) {
        return new AdapterFile(FORMAT_VERSION, adapterVersion, modelVersion, parameters);
    }

    /**
     * Reads and checks an adapter file.
     *
     * @throws AdapterFormatException when the bytes are not a FlatBuffer with identifier {@code TORT} and format
     *         version 1 whose every reference stays inside the buffer, or when a parameter breaks the rules (all
     *         parameter problems are listed as violations)
     */
    public static AdapterFile read(byte[] bytes) throws AdapterFormatException {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return new Reader(bytes).adapter();
        } catch (IndexOutOfBoundsException | BufferUnderflowException | IllegalArgumentException e) {
            // The reader checks every position before using it; this only guards against a check it lacks.
            throw new AdapterFormatException("corrupt adapter file: " + e.getMessage(), e);
        }
    }

    /** The file's bytes, as {@code OrtLoraAdapter.create(byte[])} loads them; {@link #read} gives back an equal file. */
    public byte[] toBytes() {
        FlatBufferBuilder builder = new FlatBufferBuilder(Math.toIntExact(Math.min(Integer.MAX_VALUE - 8,
                1024 + weightBytes() + 64L * parameters.size())));
        int[] parameterOffsets = new int[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            parameterOffsets[i] = writeParameter(builder, parameters.get(i));
        }
        int parameterVector = builder.createVectorOfTables(parameterOffsets);
        builder.startTable(4);
        builder.addInt(ADAPTER_FORMAT_VERSION, formatVersion, 0);
        builder.addInt(ADAPTER_ADAPTER_VERSION, adapterVersion, 0);
        builder.addInt(ADAPTER_MODEL_VERSION, modelVersion, 0);
        builder.addOffset(ADAPTER_PARAMETERS, parameterVector, 0);
        builder.finish(builder.endTable(), IDENTIFIER);
        return builder.sizedByteArray();
    }

    private static int writeParameter(FlatBufferBuilder builder, AdapterTensor parameter) {
        int name = builder.createString(parameter.name());
        long[] dims = parameter.dims();
        builder.startVector(Long.BYTES, dims.length, Long.BYTES);
        for (int d = dims.length - 1; d >= 0; d--) {
            builder.addLong(dims[d]);
        }
        int dimsVector = builder.endVector();
        // ONNX Runtime points its tensor straight at raw_data, so the data starts on an 8-byte boundary.
        ByteBuffer rawData = builder.createUnintializedVector(1, parameter.size() * Float.BYTES, RAW_DATA_ALIGNMENT);
        rawData.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(parameter.valueBuffer());
        int rawDataVector = builder.endVector();
        builder.startTable(4);
        builder.addOffset(PARAMETER_NAME, name, 0);
        builder.addOffset(PARAMETER_DIMS, dimsVector, 0);
        builder.addInt(PARAMETER_DATA_TYPE, FLOAT, 0);
        builder.addOffset(PARAMETER_RAW_DATA, rawDataVector, 0);
        return builder.endTable();
    }

    /** The format version, {@value #FORMAT_VERSION} for every file this class reads or builds. */
    public int formatVersion() {
        return formatVersion;
    }

    /** The adapter's own version number, chosen by its author; ONNX Runtime does not interpret it. */
    public int adapterVersion() {
        return adapterVersion;
    }

    /** The version of the model the adapter was made for, chosen by its author; ONNX Runtime does not interpret it. */
    public int modelVersion() {
        return modelVersion;
    }

    /** The parameters in file order. */
    public List<AdapterTensor> parameters() {
        return parameters;
    }

    /** The parameter feeding the graph input {@code name}, if the adapter has one. */
    public Optional<AdapterTensor> parameter(String name) {
        return Optional.ofNullable(parametersByName.get(name));
    }

    /** The bytes of float32 data over all parameters, the bulk of the file. */
    public long weightBytes() {
        long bytes = 0;
        for (AdapterTensor parameter : parameters) {
            bytes += (long) parameter.size() * Float.BYTES;
        }
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AdapterFile file && formatVersion == file.formatVersion
                && adapterVersion == file.adapterVersion && modelVersion == file.modelVersion
                && parameters.equals(file.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(formatVersion, adapterVersion, modelVersion, parameters);
    }

    @Override
    public String toString() {
        return "AdapterFile[format " + formatVersion + ", adapter " + adapterVersion + ", model " + modelVersion + ", "
                + parameters + "]";
    }

    /** Reads the FlatBuffer, checking every offset, length and alignment before it is followed. */
    private static final class Reader {
        private final ByteBuffer buffer;

        Reader(byte[] bytes) {
            this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        AdapterFile adapter() throws AdapterFormatException {
            if (buffer.limit() < 8) {
                throw new AdapterFormatException("not an ONNX Runtime adapter file: " + buffer.limit()
                        + " bytes, too short to hold a FlatBuffer header");
            }
            byte[] identifier = new byte[4];
            buffer.get(4, identifier);
            if (!IDENTIFIER.equals(new String(identifier, StandardCharsets.ISO_8859_1))) {
                throw new AdapterFormatException("not an ONNX Runtime adapter file: the FlatBuffer identifier (bytes 4"
                        + " to 8) is '" + printable(identifier) + "', not '" + IDENTIFIER + "'");
            }
            CheckedTable adapter = new CheckedTable(this, reference(0, "the root offset"), "the adapter table");
            int formatVersion = adapter.intField(ADAPTER_FORMAT_VERSION);
            if (formatVersion != FORMAT_VERSION) {
                throw new AdapterFormatException("unsupported adapter format version " + formatVersion
                        + "; ONNX Runtime reads only version " + FORMAT_VERSION);
            }
            int adapterVersion = adapter.intField(ADAPTER_ADAPTER_VERSION);
            int modelVersion = adapter.intField(ADAPTER_MODEL_VERSION);
            int parameterVector = adapter.referenceField(ADAPTER_PARAMETERS, "parameters");
            if (parameterVector < 0) {
                throw new AdapterFormatException("the adapter has no parameters vector (ONNX Runtime needs one, even"
                        + " if empty)");
            }
            int count = vectorLength(parameterVector, Integer.BYTES, "parameters");
            List<AdapterTensor> parameters = new ArrayList<>(count);
            List<Violation> violations = new ArrayList<>();
            Map<String, Integer> firstIndexOfName = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String path = "parameters[" + i + "]";
                int element = parameterVector + Integer.BYTES + i * Integer.BYTES;
                AdapterTensor parameter = parameter(new CheckedTable(this, reference(element, path), path), path,
                        violations);
                if (parameter != null) {
                    Integer earlier = firstIndexOfName.putIfAbsent(parameter.name(), i);
                    if (earlier != null) {
                        violations.add(new Violation(path + ".name", "'" + parameter.name() + "' repeats the name of"
                                + " parameters[" + earlier + "]; ONNX Runtime feeds parameters by name"));
                    } else {
                        parameters.add(parameter);
                    }
                }
            }
            if (!violations.isEmpty()) {
                throw new AdapterFormatException("the adapter's parameters break the format", violations);
            }
            return new AdapterFile(formatVersion, adapterVersion, modelVersion, parameters);
        }

        /**
         * One parameter, or null after adding its problems to {@code violations}. Structural damage (an offset
         * leaving the buffer) throws instead, as nothing after it can be trusted.
         */
        private AdapterTensor parameter(CheckedTable table, String path, List<Violation> violations)
                throws AdapterFormatException {
            int before = violations.size();
            String name = null;
            int nameString = table.referenceField(PARAMETER_NAME, path + ".name");
            if (nameString < 0) {
                violations.add(new Violation(path + ".name", "missing; every parameter names the graph input it feeds"));
            } else {
                name = string(nameString, path + ".name");
                if (name.isEmpty()) {
                    violations.add(new Violation(path + ".name", "empty; every parameter names the graph input it"
                            + " feeds"));
                }
            }
            String label = name == null || name.isEmpty() ? "" : " ('" + name + "')";
            int dataType = table.intField(PARAMETER_DATA_TYPE);
            if (dataType != FLOAT) {
                String typeName = dataType >= 0 && dataType < DATA_TYPES.size() ? DATA_TYPES.get(dataType) : "unknown";
                violations.add(new Violation(path + ".data_type", "is " + typeName + " (" + dataType + ")" + label
                        + "; only FLOAT (1), float32, is supported"));
            }
            long[] dims = null;
            int dimsVector = table.referenceField(PARAMETER_DIMS, path + ".dims");
            if (dimsVector < 0) {
                violations.add(new Violation(path + ".dims", "missing" + label + "; a scalar has an empty dims vector"));
            } else {
                int rank = vectorLength(dimsVector, Long.BYTES, path + ".dims");
                dims = new long[rank];
                for (int d = 0; d < rank; d++) {
                    dims[d] = buffer.getLong(dimsVector + Integer.BYTES + d * Long.BYTES);
                }
            }
            int rawDataVector = table.referenceField(PARAMETER_RAW_DATA, path + ".raw_data");
            int rawBytes = -1;
            if (rawDataVector < 0) {
                violations.add(new Violation(path + ".raw_data", "missing" + label));
            } else {
                rawBytes = vectorLength(rawDataVector, 1, path + ".raw_data");
            }
            long elements = -1;
            if (dims != null) {
                try {
                    elements = AdapterTensor.elementCount(dims);
                } catch (IllegalArgumentException e) {
                    violations.add(new Violation(path + ".dims", e.getMessage() + label));
                }
            }
            if (elements >= 0 && rawBytes >= 0 && dataType == FLOAT && elements * Float.BYTES != rawBytes) {
                violations.add(new Violation(path + ".raw_data", "holds " + rawBytes + " bytes" + label + ", but shape "
                        + Arrays.toString(dims) + " of float32 needs " + elements * Float.BYTES));
            }
            if (violations.size() > before) {
                return null;
            }
            float[] values = new float[(int) elements];
            buffer.slice(rawDataVector + Integer.BYTES, rawBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(values);
            return new AdapterTensor(name, dims, values);
        }

        /** Follows the unsigned 32-bit offset stored at {@code position} to where it points, checked. */
        int reference(int position, String what) throws AdapterFormatException {
            requireInside(position, Integer.BYTES, what);
            long target = position + Integer.toUnsignedLong(buffer.getInt(position));
            requireInside(target, Integer.BYTES, what);
            return (int) target;
        }

        /** The element count of the vector at {@code vector}, its elements checked to lie inside the buffer. */
        int vectorLength(int vector, int elementSize, String what) throws AdapterFormatException {
            requireAligned(vector, Integer.BYTES, what);
            requireInside(vector, Integer.BYTES, what);
            long length = Integer.toUnsignedLong(buffer.getInt(vector));
            requireInside(vector + (long) Integer.BYTES, length * elementSize, what);
            return (int) length;
        }

        /** A FlatBuffer string: a byte vector followed by a zero byte, UTF-8. */
        String string(int vector, String what) throws AdapterFormatException {
            int length = vectorLength(vector, 1, what);
            int start = vector + Integer.BYTES;
            requireInside(start + (long) length, 1, what + " terminator");
            if (buffer.get(start + length) != 0) {
                throw new AdapterFormatException("corrupt adapter file: " + what + " lacks its terminating zero byte");
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buffer.slice(start, length)).toString();
            } catch (CharacterCodingException e) {
                throw new AdapterFormatException("corrupt adapter file: " + what + " is not UTF-8", e);
            }
        }

        void requireInside(long position, long size, String what) throws AdapterFormatException {
            if (position < 0 || size < 0 || position + size > buffer.limit()) {
                throw new AdapterFormatException("truncated or corrupt adapter file: " + what + " (" + size
                        + " bytes at byte " + position + ") lies outside the file's " + buffer.limit() + " bytes");
            }
        }

        static void requireAligned(long position, int alignment, String what) throws AdapterFormatException {
            if (position % alignment != 0) {
                throw new AdapterFormatException("corrupt adapter file: " + what + " at byte " + position
                        + " is not aligned to " + alignment + " bytes");
            }
        }

        private static String printable(byte[] bytes) {
            StringBuilder text = new StringBuilder();
            for (byte b : bytes) {
                text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
            }
            return text.toString();
        }
    }

    /** A FlatBuffer table whose vtable and object were checked to lie inside the buffer before any field is read. */
    private static final class CheckedTable extends Table {
        private final Reader reader;
        private final String what;
        private final int objectSize;

        CheckedTable(Reader reader, int position, String what) throws AdapterFormatException {
            this.reader = reader;
            this.what = what;
            ByteBuffer buffer = reader.buffer;
            Reader.requireAligned(position, Integer.BYTES, what);
            reader.requireInside(position, Integer.BYTES, what);
            long vtable = (long) position - buffer.getInt(position);
            Reader.requireAligned(vtable, Short.BYTES, what + "'s vtable");
            reader.requireInside(vtable, 2 * Short.BYTES, what + "'s vtable");
            int vtableSize = Short.toUnsignedInt(buffer.getShort((int) vtable));
            objectSize = Short.toUnsignedInt(buffer.getShort((int) vtable + Short.BYTES));
            if (vtableSize < 2 * Short.BYTES || vtableSize % 2 != 0 || vtableSize > Short.MAX_VALUE) {
                throw new AdapterFormatException("corrupt adapter file: " + what + " has a vtable of " + vtableSize
                        + " bytes");
            }
            reader.requireInside(vtable, vtableSize, what + "'s vtable");
            if (objectSize < Integer.BYTES) {
                throw new AdapterFormatException("corrupt adapter file: " + what + " is " + objectSize + " bytes long");
            }
            reader.requireInside(position, objectSize, what);
            __reset(position, buffer);
        }

        /** The buffer position of the field in {@code slot}, {@code width} bytes wide, or -1 when it is absent. */
        private int field(int slot, int width) throws AdapterFormatException {
            int offset = __offset(4 + 2 * slot);
            if (offset == 0) {
                return -1;
            }
            if (offset < Integer.BYTES || offset + width > objectSize) {
                throw new AdapterFormatException("corrupt adapter file: field " + slot + " of " + what
                        + " lies outside the table");
            }
            Reader.requireAligned(bb_pos + offset, width, "field " + slot + " of " + what);
            return bb_pos + offset;
        }

        /** An int32 field, 0 (the schema's default) when absent. */
        int intField(int slot) throws AdapterFormatException {
            int position = field(slot, Integer.BYTES);
            return position < 0 ? 0 : bb.getInt(position);
        }

        /** Where the table, vector or string a reference field points to starts, or -1 when the field is absent. */
        int referenceField(int slot, String name) throws AdapterFormatException {
            int position = field(slot, Integer.BYTES);
            return position < 0 ? -1 : reader.reference(position, name);
        }
    }
}
