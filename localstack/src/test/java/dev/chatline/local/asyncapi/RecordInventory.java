package dev.chatline.local.asyncapi;

import dev.chatline.functions.catalog.MockRoute;
import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolJson;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The protocol as its records define it (module {@code protocol}): the actions are the {@link ClientMessage}
 * records the binding decodes, the frame types and acks the {@code ServerFrame} records, the request fields the
 * client records' components (plus the envelope's {@code action} and {@code requestId}), the codes
 * {@link ErrorCode}. The mock routes come from {@link MockRoutes} (API Gateway answers them without a function).
 */
final class RecordInventory implements ProtocolInventory {

    @Override
    public Set<String> actions() {
        return new TreeSet<>(ProtocolJson.actions());
    }

    @Override
    public Set<String> mockRoutes() {
        return MockRoutes.ALL.stream().map(MockRoute::routeKey).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Set<String> errorCodes() {
        return Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Map<String, String> frameTypes() {
        Map<String, String> out = new TreeMap<>();
        ProtocolJson.frameRecords().forEach((type, record) -> out.put(type, where(record)));
        return out;
    }

    @Override
    public Map<String, String> ackActions() {
        Map<String, String> out = new TreeMap<>();
        ProtocolJson.ackRecords().forEach((action, record) -> out.put(action, where(record)));
        return out;
    }

    @Override
    public Map<String, String> requestFields() {
        Map<String, String> out = new TreeMap<>();
        out.put("action", "ClientMessage (the envelope)");
        out.put("requestId", "ClientRequest (the envelope)");
        records(ClientMessage.class).forEach(r -> Arrays.stream(r.getRecordComponents()).map(RecordComponent::getName)
                .forEach(f -> out.putIfAbsent(f, where(r))));
        return out;
    }

    private static Stream<Class<?>> records(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(RecordInventory::records)
                : Stream.of(type);
    }

    private static String where(Class<?> record) {
        return record.getName().replace('$', '.');
    }
}
