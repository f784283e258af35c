// A small console test runner (no NuGet): runs every public void method of the public classes named
// *Tests in Kyso.Tests, each on a fresh instance, and exits 1 when one failed. Arguments: name filters.
using System;
using System.Linq;
using System.Reflection;

namespace Kyso.Tests
{
    public static class TestRunner
    {
        public static int Main(string[] args)
        {
            int passed = 0, failed = 0;
            var classes = typeof(TestRunner).Assembly.GetTypes()
                .Where(t => t.IsPublic && t.Namespace == "Kyso.Tests" && t.Name.EndsWith("Tests")).OrderBy(t => t.Name);
            foreach (var type in classes) {
                var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .Where(m => m.ReturnType == typeof(void) && m.GetParameters().Length == 0).OrderBy(m => m.Name);
                foreach (var method in methods) {
                    string name = type.Name + "." + method.Name;
                    if (args.Length > 0 && !args.Any(a => name.Contains(a))) continue;
                    var instance = Activator.CreateInstance(type);
                    try {
                        method.Invoke(instance, null);
                        Console.WriteLine("PASS " + name);
                        ++passed;
                    } catch (TargetInvocationException e) {
                        Console.WriteLine("FAIL " + name + ": " + e.InnerException);
                        ++failed;
                    } finally {
                        var disposable = instance as IDisposable;
                        if (disposable != null) disposable.Dispose();
                    }
                }
            }
            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 && passed > 0 ? 0 : 1;
        }
    }
}
