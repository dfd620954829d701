using Mono.Cecil;
using Mono.Cecil.Cil;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.UnitTests;

/// <summary>
/// Modules talk only through Contracts: a type in Quadrant.Modules.X may use its own module,
/// Common, and Quadrant.Modules.Y.Contracts — never Y's Domain, Features, Persistence or Ui.
/// Common depends on no module. Checked on the compiled IL, so method bodies count too.
/// </summary>
public class ArchitectureTests
{
    private const string Root = "Quadrant.Modules.";

    [Fact]
    public void Modules_use_each_other_only_through_contracts()
    {
        var references = ReferencesIn(typeof(QuadrantDbContext).Assembly.Location);
        Assert.NotEmpty(references);
        var violations = Violations(references);
        Assert.True(violations.Count == 0, "Module boundary violations:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_rule_flags_internals_and_allows_contracts()
    {
        var violations = Violations(
        [
            ("Quadrant.Modules.Catalogue.Features.X", "Quadrant.Modules.Access.Contracts.IUserDirectory"),
            ("Quadrant.Modules.Catalogue.Features.X", "Quadrant.Modules.Common.Http.Problem"),
            ("Quadrant.Modules.Catalogue.Features.X", "Quadrant.Modules.Catalogue.Domain.Service"),
            ("Quadrant.Modules.Catalogue.Features.X", "Quadrant.Modules.Access.Domain.ApiToken"),
            ("Quadrant.Modules.Common.Http.Y", "Quadrant.Modules.Catalogue.Contracts.IServiceCatalogue"),
        ]);
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("Access.Domain.ApiToken", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("Common.Http.Y", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scan_sees_references_inside_method_bodies()
    {
        var references = ReferencesIn(typeof(QuadrantDbContext).Assembly.Location);
        // CreateServiceHandler only reaches IUserDirectory inside its async method bodies and constructor.
        Assert.Contains(references, r => r.From.Contains("CreateService", StringComparison.Ordinal) &&
                                         r.To == "Quadrant.Modules.Access.Contracts.IUserDirectory");
    }

    internal static List<string> Violations(IEnumerable<(string From, string To)> references)
    {
        var result = new List<string>();
        foreach (var (from, to) in references.Distinct())
        {
            var source = ModuleOf(from);
            var target = ModuleOf(to);
            if (source is null || target is null || source == target)
            {
                continue;
            }

            var allowed = source != "Common" && (target == "Common" || to.StartsWith($"{Root}{target}.Contracts.", StringComparison.Ordinal));
            if (!allowed)
            {
                result.Add($"{from} -> {to}");
            }
        }

        return result;
    }

    private static string? ModuleOf(string typeName)
    {
        if (!typeName.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = typeName[Root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[..dot];
    }

    private static List<(string From, string To)> ReferencesIn(string assemblyPath)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var result = new List<(string, string)>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var from = Outermost(type).FullName;
            void Add(TypeReference? t)
            {
                foreach (var name in Expand(t))
                {
                    result.Add((from, name));
                }
            }

            Add(type.BaseType);
            foreach (var i in type.Interfaces)
            {
                Add(i.InterfaceType);
            }

            foreach (var a in type.CustomAttributes)
            {
                Add(a.AttributeType);
            }

            foreach (var f in type.Fields)
            {
                Add(f.FieldType);
            }

            foreach (var p in type.Properties)
            {
                Add(p.PropertyType);
            }

            foreach (var m in type.Methods)
            {
                Add(m.ReturnType);
                foreach (var p in m.Parameters)
                {
                    Add(p.ParameterType);
                }

                if (!m.HasBody)
                {
                    continue;
                }

                foreach (var v in m.Body.Variables)
                {
                    Add(v.VariableType);
                }

                foreach (var instruction in m.Body.Instructions)
                {
                    switch (instruction.Operand)
                    {
                        case TypeReference t:
                            Add(t);
                            break;
                        case MethodReference mr:
                            Add(mr.DeclaringType);
                            Add(mr.ReturnType);
                            if (mr is GenericInstanceMethod gm)
                            {
                                foreach (var g in gm.GenericArguments)
                                {
                                    Add(g);
                                }
                            }

                            break;
                        case FieldReference fr:
                            Add(fr.DeclaringType);
                            Add(fr.FieldType);
                            break;
                    }
                }
            }
        }

        return result;
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<string> Expand(TypeReference? type)
    {
        if (type is null)
        {
            yield break;
        }

        if (type is GenericInstanceType generic)
        {
            foreach (var name in Expand(generic.ElementType))
            {
                yield return name;
            }

            foreach (var arg in generic.GenericArguments)
            {
                foreach (var name in Expand(arg))
                {
                    yield return name;
                }
            }

            yield break;
        }

        if (type is TypeSpecification spec)
        {
            foreach (var name in Expand(spec.ElementType))
            {
                yield return name;
            }

            yield break;
        }

        var outer = type;
        while (outer.DeclaringType is not null)
        {
            outer = outer.DeclaringType;
        }

        yield return outer.FullName;
    }
}
