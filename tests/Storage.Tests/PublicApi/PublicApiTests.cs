using PublicApiGenerator;

namespace StorageTyped.Tests.PublicApi;

/// <summary>
/// The public surface of the StorageTyped assembly, checked in as text (StorageTyped.approved.txt beside this file),
/// so that every change to it shows in review as a change of that file.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "tests", "Storage.Tests", "PublicApi");

    [Fact]
    public void The_public_surface_is_the_approved_one()
    {
        string current = Normalize(typeof(StorageManager).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute", "System.Runtime.CompilerServices.InternalsVisibleToAttribute"],
        }));
        string approvedPath = Path.Combine(Folder, "StorageTyped.approved.txt");
        string receivedPath = Path.Combine(Folder, "StorageTyped.received.txt");
        string approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : "";
        if (current == approved)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, current);
        string relativeApproved = Path.GetRelativePath(Repository.Root, approvedPath);
        string relativeReceived = Path.GetRelativePath(Repository.Root, receivedPath);
        Assert.Fail($"The public API of StorageTyped differs from {relativeApproved}. The surface as built is in {relativeReceived}; " +
            $"see the change with `diff -u {relativeApproved} {relativeReceived}`. If it is intended (every new public member documented), " +
            $"approve it: `cp {relativeReceived} {relativeApproved}`, and commit the approved file with the change.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd() + "\n";
}
