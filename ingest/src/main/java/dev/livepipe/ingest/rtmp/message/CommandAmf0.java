// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.ingest.rtmp.amf0.Amf0Constant;
import dev.livepipe.ingest.rtmp.amf0.Amf0Properties;
import dev.livepipe.ingest.rtmp.amf0.Amf0Reader;
import dev.livepipe.ingest.rtmp.amf0.Amf0Writer;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Command Message (Adobe RTMP specification 1.0, section 7.1.1 and 7.2): an AMF0 command name,
 * a transaction id, a command object (or null) and optional arguments. {@code connect},
 * {@code createStream}, {@code publish}, {@code _result} and {@code onStatus} are commands.
 *
 * <p>Decoding also accepts AMF3 command messages (type 17) whose body is AMF0 after a leading
 * zero format byte, as Flash clients with {@code objectEncoding = 3} send them.
 *
 * @param name            the command name
 * @param transactionId   the transaction id; 0 for commands that expect no reply
 * @param commandObject   the command object: an AMF0 object or {@link Amf0Constant#NULL}
 * @param arguments       the remaining values (immutable)
 * @param messageStreamId the message stream (0 for NetConnection commands)
 */
public record CommandAmf0(String name, double transactionId, Object commandObject,
                          List<Object> arguments, int messageStreamId) implements RtmpMessage {

    public CommandAmf0 {
        commandObject = commandObject == null ? Amf0Constant.NULL : commandObject;
        arguments = List.copyOf(arguments);
    }

    /** Decodes a type 20 (or 17) message. */
    public static CommandAmf0 decode(RawMessage raw) {
        Buffer p = raw.payload();
        int start = 0;
        if (raw.typeId() == MessageType.COMMAND_AMF3) {
            if (p.length() == 0 || p.getByte(0) != 0) {
                throw new RtmpProtocolException("AMF3 command without the AMF0 format byte");
            }
            start = 1;
        }
        List<Object> values = Amf0Reader.readAll(p, start, p.length());
        if (values.size() < 2 || !(values.get(0) instanceof String name)
                || !(values.get(1) instanceof Double txn)) {
            throw new RtmpProtocolException("command message without a name and transaction id");
        }
        Object object = values.size() > 2 ? values.get(2) : Amf0Constant.NULL;
        List<Object> args = values.size() > 3 ? values.subList(3, values.size()) : List.of();
        return new CommandAmf0(name, txn, object, args, raw.messageStreamId());
    }

    /** The command object's properties, if it is an object. */
    public Optional<Amf0Properties> properties() {
        return commandObject instanceof Amf0Properties p ? Optional.of(p) : Optional.empty();
    }

    /** Argument {@code index} if it is a string. */
    public Optional<String> stringArgument(int index) {
        return index < arguments.size() && arguments.get(index) instanceof String s
                ? Optional.of(s) : Optional.empty();
    }

    @Override
    public int typeId() {
        return MessageType.COMMAND_AMF0;
    }

    @Override
    public RawMessage toRaw() {
        Amf0Writer w = new Amf0Writer().write(name).write(transactionId).write(commandObject);
        for (Object a : arguments) {
            w.write(a);
        }
        return new RawMessage(MessageType.COMMAND_CHUNK_STREAM, typeId(), 0, messageStreamId,
                w.toBuffer());
    }

    /** A command with arguments, for replies: {@code of("_result", txn, props, info)}. */
    public static CommandAmf0 of(int messageStreamId, String name, double txn, Object commandObject,
                                 Object... arguments) {
        List<Object> args = new ArrayList<>();
        for (Object a : arguments) {
            args.add(a == null ? Amf0Constant.NULL : a);
        }
        return new CommandAmf0(name, txn, commandObject, args, messageStreamId);
    }
}
