package dev.chatline.infra;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.functions.observability.EmfMetrics;
import dev.chatline.observability.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Alarms to the (encrypted) alarm topic of {@link AlarmNotifications} and one dashboard. Every alarm is explained,
 * with what to do, in {@code docs/operations.md}. It lives in the monitoring nested stack ({@link ChatlineStack}):
 * each function and route adds alarms here, not to the root stack.
 */
public final class Monitoring extends Construct {
    /** A fan-out job older than this means the consumer is falling behind (users see late messages). */
    static final Duration QUEUE_AGE_THRESHOLD = Duration.minutes(2);
    /** Integration errors tolerated per 5 minutes before alarming (clients can cause a few). */
    static final int INTEGRATION_ERROR_THRESHOLD = 5;
    private static final Duration PERIOD = Duration.minutes(5);

    private final Topic alarmTopic;
    private final SnsAction action;
    private final List<Alarm> alarms = new ArrayList<>();

    public Monitoring(Construct scope, String id, ChatlineSettings settings, Topic alarmTopic, Messaging messaging,
                      Functions functions, ChatWebSocketApi gateway, DataTables tables) {
        super(scope, id);
        this.alarmTopic = alarmTopic;
        action = new SnsAction(alarmTopic);

        messaging.queues().forEach((def, pair) -> {
            String name = DataTables.constructId(def.logicalName());
            alarm(name + "DeadLetters", "Messages in the " + def.logicalName() + " dead-letter queue",
                    pair.deadLetterQueue().metricApproximateNumberOfMessagesVisible(options("Maximum",
                            Duration.minutes(1))), 0, ComparisonOperator.GREATER_THAN_THRESHOLD, 1);
            alarm(name + "OldestMessageAge", "Oldest " + def.logicalName() + " job older than "
                            + QUEUE_AGE_THRESHOLD.toSeconds() + " s",
                    pair.queue().metricApproximateAgeOfOldestMessage(options("Maximum", Duration.minutes(1))),
                    QUEUE_AGE_THRESHOLD.toSeconds().doubleValue(), ComparisonOperator.GREATER_THAN_THRESHOLD, 3);
        });
        for (Functions.Deployed f : functions.list()) {
            String name = DataTables.constructId(f.def().name());
            alarm(name + "Errors", "Unhandled errors in function " + f.def().name(),
                    f.function().metricErrors(options("Sum", PERIOD)), 1,
                    ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
            alarm(name + "Throttles", "Throttled invocations of function " + f.def().name(),
                    f.function().metricThrottles(options("Sum", PERIOD)), 1,
                    ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
            if (f.def().trigger() instanceof Trigger.Route r && !"$connect".equals(r.routeKey())) {
                // a route answers its failures with a frame ($connect fails the handshake: that is an Error)
                alarm(name + "InternalErrors", "Requests of route function " + f.def().name()
                                + " that failed unexpectedly (clients got INTERNAL_ERROR)",
                        business(settings, f.def().name(), Metrics.INTERNAL_ERRORS), 1,
                        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
            }
        }
        alarm("PushOff", "Push is off: the Firebase secret holds no service-account key, offline devices get no "
                        + "notifications",
                business(settings, FunctionCatalog.PUSH.name(), Metrics.PUSHES_UNCONFIGURED), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
        alarm("ApiExecutionErrors", "API Gateway failed to call an integration (5xx on the WebSocket API)",
                gateway.stage().metric("ExecutionError", options("Sum", PERIOD)), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
        alarm("ApiIntegrationErrors", "Integrations answered with errors on the WebSocket API",
                gateway.stage().metric("IntegrationError", options("Sum", PERIOD)), INTEGRATION_ERROR_THRESHOLD,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);

        dashboard(settings, messaging, functions, gateway, tables);
    }

    private void alarm(String id, String description, IMetric metric, double threshold,
                       ComparisonOperator comparison, int evaluationPeriods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description + ". Runbook: docs/operations.md#alarms")
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .evaluationPeriods(evaluationPeriods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        alarms.add(alarm);
    }

    /** A business metric the functions publish as EMF ({@code EmfMetrics}): namespace, Service and stage. */
    private static IMetric business(ChatlineSettings settings, String service, String name) {
        return Metric.Builder.create().namespace(EmfMetrics.DEFAULT_NAMESPACE).metricName(name)
                .dimensionsMap(Map.of(EmfMetrics.SERVICE_DIMENSION, service, EmfMetrics.STAGE_DIMENSION,
                        settings.stage()))
                .statistic("Sum").period(PERIOD).build();
    }

    private static MetricOptions options(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }

    private void dashboard(ChatlineSettings settings, Messaging messaging, Functions functions,
                           ChatWebSocketApi gateway, DataTables tables) {
        Function<String, IMetric> api = name -> gateway.stage().metric(name, options("Sum", PERIOD));
        List<Functions.Deployed> fns = functions.list();
        List<IMetric> queueMetrics = new ArrayList<>();
        messaging.queues().values().forEach(pair -> {
            queueMetrics.add(pair.queue().metricApproximateNumberOfMessagesVisible());
            queueMetrics.add(pair.deadLetterQueue().metricApproximateNumberOfMessagesVisible());
        });
        List<IMetric> queueAge = messaging.queues().values().stream()
                .map(pair -> (IMetric) pair.queue().metricApproximateAgeOfOldestMessage()).toList();
        List<IWidget> widgets = List.of(
                TextWidget.Builder.create().markdown("# Chatline " + settings.stage()
                        + "\nAlarms and what to do: docs/operations.md#alarms").width(24).height(2).build(),
                graph("WebSocket connections and messages", List.of(api.apply("ConnectCount"),
                        api.apply("MessageCount")), 12),
                graph("WebSocket errors", List.of(api.apply("ClientError"), api.apply("ExecutionError"),
                        api.apply("IntegrationError")), 12),
                graph("Invocations", fns.stream().map(f -> (IMetric) f.function().metricInvocations()).toList(), 8),
                graph("Errors", fns.stream().map(f -> (IMetric) f.function().metricErrors()).toList(), 8),
                graph("Duration p99", fns.stream().map(f -> (IMetric) f.function()
                        .metricDuration(options("p99", PERIOD))).toList(), 8),
                graph("Queue depth (main and dead-letter)", queueMetrics, 12),
                graph("Oldest job age (s)", queueAge, 12),
                graph("DynamoDB consumed write units", tables.all().values().stream()
                        .map(t -> (IMetric) t.metricConsumedWriteCapacityUnits()).toList(), 12),
                graph("DynamoDB consumed read units", tables.all().values().stream()
                        .map(t -> (IMetric) t.metricConsumedReadCapacityUnits()).toList(), 12));
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(settings.name("overview"))
                .build();
        dashboard.addWidgets(widgets.toArray(IWidget[]::new)); // a row wraps at the 24-column grid width
    }

    private static GraphWidget graph(String title, List<IMetric> metrics, int width) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(width).height(6).build();
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
