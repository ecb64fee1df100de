package dev.taskagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    static final TaskAgentConfig.Price FALLBACK = new TaskAgentConfig.Price() {
        public double inputPerMillion() {
            return 1.0;
        }

        public double outputPerMillion() {
            return 2.0;
        }
    };

    @Test
    void putsTheDefaultFirstAndTheOthersInIdOrder() {
        ModelCatalog catalog = new ModelCatalog(
                "b/default", Map.of("z/last", choice(0.4, 2.0, false), "a/first", choice(0.2, 0.2, true)), FALLBACK);

        assertEquals(
                List.of("b/default", "a/first", "z/last"),
                catalog.all().stream().map(ModelCatalog.Model::id).toList());
        assertEquals("b/default, a/first, z/last", catalog.ids());
    }

    @Test
    void pricesAnUnlistedDefaultWithTheModelPriceSettings() {
        ModelCatalog catalog = new ModelCatalog("b/default", Map.of(), FALLBACK);

        ModelCatalog.Model model = catalog.defaultModel();

        assertEquals(1.0 * 1000 / 1e6 + 2.0 * 10 / 1e6, model.cost(1000, 10), 1e-12);
        assertTrue(model.supportsImages() && model.supportsReasoningEffort(), "as the service did before models");
    }

    @Test
    void pricesEachModelAtItsOwnRates() {
        ModelCatalog catalog = new ModelCatalog("b/default", Map.of("z/last", choice(0.4, 2.0, false)), FALLBACK);

        assertEquals(0.4 + 2.0, catalog.find("z/last").orElseThrow().cost(1_000_000, 1_000_000), 1e-9);
        assertEquals("b/default", catalog.orDefault("unknown").id());
    }

    @Test
    void worksOutTheCostInDecimalSoTheApiShowsNoFloatingPointNoise() {
        ModelCatalog catalog = new ModelCatalog("b/default", Map.of("m/small", choice(0.15, 0.60, true)), FALLBACK);

        double cost = catalog.find("m/small").orElseThrow().cost(880, 37);

        assertEquals("1.542E-4", Double.toString(cost), "in binary arithmetic this is 1.5419999999999998E-4");
    }

    private static TaskAgentConfig.ModelChoice choice(double in, double out, boolean images) {
        return new TaskAgentConfig.ModelChoice() {
            public String displayName() {
                return "name";
            }

            public int contextWindow() {
                return 1000;
            }

            public double inputPricePerMillion() {
                return in;
            }

            public double outputPricePerMillion() {
                return out;
            }

            public boolean supportsImages() {
                return images;
            }

            public boolean supportsReasoningEffort() {
                return false;
            }

            public Optional<Integer> maxConcurrentCalls() {
                return Optional.empty();
            }
        };
    }
}
