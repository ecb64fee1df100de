package dev.taskagent.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models a task may run on ({@code task-agent.models.*}), by the id the model endpoint knows them by, with what
 * each costs and takes. The default model ({@code task-agent.model.name}) is always among them: when the allowlist does
 * not describe it, it is priced with {@code task-agent.model.price.*} and assumed to take images and reasoning effort,
 * as the service did before models could be chosen.
 */
@ApplicationScoped
public class ModelCatalog {

    /** One allowed model; prices in US dollars per million tokens. */
    public record Model(
            String id,
            String displayName,
            int contextWindow,
            double inputPricePerMillion,
            double outputPricePerMillion,
            boolean supportsImages,
            boolean supportsReasoningEffort) {

        /**
         * Estimated cost of these tokens on this model, in US dollars: worked out in decimal, so that a price such as
         * 0.15 gives 1.542E-4 rather than 1.5419999999999998E-4 in the API's {@code usage.cost_usd}.
         */
        public double cost(long inputTokens, long outputTokens) {
            return BigDecimal.valueOf(inputTokens)
                    .multiply(BigDecimal.valueOf(inputPricePerMillion))
                    .add(BigDecimal.valueOf(outputTokens).multiply(BigDecimal.valueOf(outputPricePerMillion)))
                    .movePointLeft(6)
                    .doubleValue();
        }
    }

    private final Map<String, Model> models;
    private final List<Model> ordered;
    private final Model defaultModel;

    @Inject
    public ModelCatalog(TaskAgentConfig config) {
        this(config.model().name(), config.models(), config.model().price());
    }

    ModelCatalog(String defaultId, Map<String, TaskAgentConfig.ModelChoice> configured, TaskAgentConfig.Price price) {
        Map<String, Model> all = new LinkedHashMap<>();
        Model fallback =
                new Model(defaultId, defaultId, 0, price.inputPerMillion(), price.outputPerMillion(), true, true);
        all.put(
                defaultId,
                Optional.ofNullable(configured.get(defaultId))
                        .map(choice -> of(defaultId, choice))
                        .orElse(fallback));
        configured.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> all.putIfAbsent(entry.getKey(), of(entry.getKey(), entry.getValue())));
        this.models = Map.copyOf(all);
        this.defaultModel = all.get(defaultId);
        this.ordered = List.copyOf(all.values());
    }

    private static Model of(String id, TaskAgentConfig.ModelChoice choice) {
        return new Model(
                id,
                choice.displayName(),
                choice.contextWindow(),
                choice.inputPricePerMillion(),
                choice.outputPricePerMillion(),
                choice.supportsImages(),
                choice.supportsReasoningEffort());
    }

    /** Every allowed model, the default first, the others by id. */
    public Collection<Model> all() {
        return ordered;
    }

    public Model defaultModel() {
        return defaultModel;
    }

    public Optional<Model> find(String id) {
        return Optional.ofNullable(id == null ? null : models.get(id));
    }

    /** The model with this id, or the default one for an id no model has (e.g. a call outside any task). */
    public Model orDefault(String id) {
        return find(id).orElse(defaultModel);
    }

    /** The allowed ids, for error messages. */
    public String ids() {
        return String.join(", ", ordered.stream().map(Model::id).toList());
    }
}
