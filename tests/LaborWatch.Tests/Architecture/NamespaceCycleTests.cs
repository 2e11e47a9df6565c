using Mono.Cecil;

namespace LaborWatch.Tests.Architecture;

/// <summary>
/// The layers run one way: data, then contracts, then the figures, then privacy, then reports and charts, then the
/// web and the CLI. Read from the compiled assemblies (every type a feature's code names: in signatures, fields,
/// attributes and method bodies), no feature namespace may depend on one that depends back on it.
/// </summary>
[TestClass]
public sealed class NamespaceCycleTests
{
    [TestMethod]
    public void No_feature_namespace_depends_on_one_that_depends_on_it()
    {
        var graph = Dependencies(typeof(LaborWatch.Data.Database).Assembly.Location);
        var cycles = Cycles(graph).ToList();
        Assert.AreEqual(0, cycles.Count, "namespace cycles (each with one dependency of each direction):\n" + string.Join("\n", cycles));
    }

    /// <summary>The library's features from the bottom up, as the README's layout lists them: each uses only those before it.</summary>
    static readonly string[] Layers =
        ["Data", "Json", "ReferenceData", "Stats", "Contracts", "Privacy", "Pay", "Instability", "Misclassification",
         "Postings", "Scraping", "Reports", "Charts", "Exports", "Sample"];

    [TestMethod]
    public void Each_feature_uses_only_the_layers_below_it()
    {
        var graph = Dependencies(typeof(LaborWatch.Data.Database).Assembly.Location);
        var wrong = new List<string>();
        foreach (var (from, targets) in graph)
        {
            var level = Array.IndexOf(Layers, from);
            if (level < 0) { wrong.Add($"{from} is not in the list of layers: place it"); continue; }
            foreach (var (to, example) in targets)
                if (Array.IndexOf(Layers, to) is var below && (below < 0 || below > level)) wrong.Add($"{from} uses {to}, which is above it: {example}");
        }
        Assert.AreEqual(0, wrong.Count, string.Join("\n", wrong));
        var readme = File.ReadAllText(Repo.File("README.md"));
        var listed = Layers.Select(l => readme.IndexOf($"  {l}/ ", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(listed.All(i => i >= 0) && listed.SequenceEqual(listed.Order()), "the README's layout lists the features in their layer order");
    }

    /// <summary>The feature a type belongs to: LaborWatch.X (nested and compiler-made types count as their outer type's).</summary>
    static string? Feature(TypeReference type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        var ns = type.Namespace;
        if (!ns.StartsWith("LaborWatch.", StringComparison.Ordinal)) return null;
        var parts = ns.Split('.');
        return parts[1];
    }

    /// <summary>feature -> feature -> one example of a use (the using type and the used one), for the message.</summary>
    static Dictionary<string, Dictionary<string, string>> Dependencies(string assemblyPath)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            if (Feature(type) is not { } from) continue;
            void Use(TypeReference? used)
            {
                if (used is null) return;
                if (used is GenericInstanceType g) foreach (var a in g.GenericArguments) Use(a);
                if (used is TypeSpecification spec) { Use(spec.ElementType); return; }
                if (used.Scope != module && used.Module != module) return;
                if (Feature(used) is not { } to || to == from) return;
                if (!graph.TryGetValue(from, out var targets)) graph[from] = targets = [];
                targets.TryAdd(to, $"{type.FullName} uses {used.FullName}");
            }
            void Attributes(ICustomAttributeProvider p) { foreach (var a in p.CustomAttributes) Use(a.AttributeType); }
            Use(type.BaseType);
            foreach (var i in type.Interfaces) Use(i.InterfaceType);
            Attributes(type);
            foreach (var f in type.Fields) { Use(f.FieldType); Attributes(f); }
            foreach (var p in type.Properties) { Use(p.PropertyType); Attributes(p); }
            foreach (var m in type.Methods)
            {
                Use(m.ReturnType);
                Attributes(m);
                foreach (var p in m.Parameters) Use(p.ParameterType);
                if (!m.HasBody) continue;
                foreach (var v in m.Body.Variables) Use(v.VariableType);
                foreach (var instruction in m.Body.Instructions)
                    switch (instruction.Operand)
                    {
                        case TypeReference t: Use(t); break;
                        case MethodReference mr:
                            Use(mr.DeclaringType); Use(mr.ReturnType);
                            foreach (var p in mr.Parameters) Use(p.ParameterType);
                            if (mr is GenericInstanceMethod gm) foreach (var a in gm.GenericArguments) Use(a);
                            break;
                        case FieldReference fr: Use(fr.DeclaringType); Use(fr.FieldType); break;
                    }
            }
        }
        return graph;
    }

    /// <summary>Each pair of features that reach each other, named once, with a use from each side.</summary>
    static IEnumerable<string> Cycles(Dictionary<string, Dictionary<string, string>> graph)
    {
        bool Reaches(string from, string to)
        {
            var seen = new HashSet<string> { from };
            var queue = new Queue<string>([from]);
            while (queue.TryDequeue(out var n))
                foreach (var next in graph.GetValueOrDefault(n)?.Keys ?? Enumerable.Empty<string>())
                {
                    if (next == to) return true;
                    if (seen.Add(next)) queue.Enqueue(next);
                }
            return false;
        }
        foreach (var (from, targets) in graph.OrderBy(p => p.Key, StringComparer.Ordinal))
            foreach (var (to, example) in targets.OrderBy(p => p.Key, StringComparer.Ordinal))
                if (string.CompareOrdinal(from, to) < 0 && Reaches(to, from))
                    yield return $"{from} <-> {to}: {example}; back: {BackExample(graph, to, from)}";
    }

    static string BackExample(Dictionary<string, Dictionary<string, string>> graph, string from, string to) =>
        graph.GetValueOrDefault(from)?.GetValueOrDefault(to) ?? $"through other namespaces ({string.Join(", ", graph.GetValueOrDefault(from)?.Keys ?? Enumerable.Empty<string>())})";
}
