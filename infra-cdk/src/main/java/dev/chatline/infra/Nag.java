package dev.chatline.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.Arrays;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions, each with the reason it is acceptable. Suppressions apply to the construct and its
 * children; a granular finding (IAM4/IAM5) is suppressed only for the listed {@code appliesTo} values.
 */
final class Nag {
    private Nag() {
    }

    static void suppress(IConstruct construct, String ruleId, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(ruleId).reason(reason).build()), true);
    }

    /**
     * Suppresses only the listed findings of a granular rule, e.g. {@code "Resource::*"}; a string starting with
     * {@code /} is a regular expression such as {@code /^Resource::<Bucket.*\.Arn>\/\*$/g}.
     */
    static void suppressOnly(IConstruct construct, String ruleId, String reason, String... appliesTo) {
        List<Object> findings = Arrays.stream(appliesTo).map(Nag::finding).toList();
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(ruleId).reason(reason).appliesTo(findings).build()), true);
    }

    private static Object finding(String appliesTo) {
        if (appliesTo.startsWith("/")) {
            return io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex(appliesTo).build();
        }
        return appliesTo;
    }
}
