package dev.taskagent;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of the service, top to bottom; a dependency may only point down (docs/architecture.md explains each).
 * A new package must be placed in a layer here, or this test fails.
 */
@AnalyzeClasses(packages = "dev.taskagent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ENTRY_POINTS = "Entry points";
    static final String SCALE_OUT = "Scale-out";
    static final String HTTP_EDGE = "HTTP edge";
    static final String OBSERVABILITY = "Observability and lifecycle";
    static final String TASKS = "Tasks";
    static final String TOOL_SOURCES = "Tool sources";
    static final String AGENT = "Agent";
    static final String TOOLS = "Tools";
    static final String MODEL_CLIENT = "Model client";
    static final String SHARED = "Low-level shared";

    @ArchTest
    static final ArchRule dependenciesPointDownTheLayers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            // the HTTP API, the OpenAI-compatible API, the command line, the MCP server, the browser playground
            .layer(ENTRY_POINTS)
            .definedBy(
                    "dev.taskagent.api..",
                    "dev.taskagent.openai..",
                    "dev.taskagent.cli..",
                    "dev.taskagent.mcp.server..",
                    "dev.taskagent.playground..")
            // a replica's part in the work shared through Redis: the shared queue, leases, copies of its tasks
            .layer(SCALE_OUT)
            .definedBy("dev.taskagent.scaleout..")
            // request filters and per-caller admission: who calls, how much
            .layer(HTTP_EDGE)
            .definedBy("dev.taskagent.security..", "dev.taskagent.limits..")
            // attached by interceptors, observers and route handlers; nothing calls it
            .layer(OBSERVABILITY)
            .definedBy("dev.taskagent.observability..", "dev.taskagent.lifecycle..")
            // a task's life: admission to the queue, its run, its record; sessions across tasks
            .layer(TASKS)
            .definedBy("dev.taskagent.task..", "dev.taskagent.session..")
            // tool sets that come and go at run time (MCP servers), plugged into the agent's ToolSource
            .layer(TOOL_SOURCES)
            .definedBy("dev.taskagent.mcp.client..")
            // one run of the AI service: tools given, steps traced, budgets kept
            .layer(AGENT)
            .definedBy("dev.taskagent.agent..")
            .layer(TOOLS)
            .definedBy("dev.taskagent.tools..")
            .layer(MODEL_CLIENT)
            .definedBy("dev.taskagent.resilience..")
            // problem documents, request ids, context hand-over, event logs, configuration, the Redis store
            .layer(SHARED)
            .definedBy(
                    "dev.taskagent.http..", "dev.taskagent.events..", "dev.taskagent.config..", "dev.taskagent.store..")
            .whereLayer(ENTRY_POINTS)
            .mayNotBeAccessedByAnyLayer()
            .whereLayer(SCALE_OUT)
            .mayOnlyBeAccessedByLayers(ENTRY_POINTS)
            .whereLayer(HTTP_EDGE)
            .mayOnlyBeAccessedByLayers(ENTRY_POINTS, SCALE_OUT)
            .whereLayer(OBSERVABILITY)
            .mayNotBeAccessedByAnyLayer()
            // per-caller admission (limits/TaskAdmission) submits the task
            .whereLayer(TASKS)
            .mayOnlyBeAccessedByLayers(ENTRY_POINTS, SCALE_OUT, HTTP_EDGE, OBSERVABILITY)
            .whereLayer(TOOL_SOURCES)
            .mayNotBeAccessedByAnyLayer()
            .whereLayer(AGENT)
            .mayOnlyBeAccessedByLayers(ENTRY_POINTS, OBSERVABILITY, TASKS, TOOL_SOURCES)
            // the agent runs them; the task checks a request against them; the start-up report lists them
            .whereLayer(TOOLS)
            .mayOnlyBeAccessedByLayers(ENTRY_POINTS, OBSERVABILITY, TASKS, TOOL_SOURCES, AGENT)
            .whereLayer(MODEL_CLIENT)
            .mayOnlyBeAccessedByLayers(ENTRY_POINTS, OBSERVABILITY, TASKS, AGENT)
            .whereLayer(SHARED)
            .mayOnlyBeAccessedByLayers(
                    ENTRY_POINTS, SCALE_OUT, HTTP_EDGE, OBSERVABILITY, TASKS, TOOL_SOURCES, AGENT, TOOLS, MODEL_CLIENT);

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.taskagent.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule toolsDoNotKnowEachOther =
            slices().matching("dev.taskagent.tools.(*)..").should().notDependOnEachOther();
}
