using LaborWatch.Data;

namespace LaborWatch.Tests.Data;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void A_write_that_fails_leaves_the_old_file_and_no_temporary_file()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-atomic-").FullName;
        try
        {
            var path = Path.Combine(folder, "report.csv");
            AtomicFile.WriteText(path, "old");
            Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(path, temp =>
            {
                File.WriteAllText(temp, "half of the new");
                throw new IOException("disk full");
            }));
            Assert.AreEqual("old", File.ReadAllText(path));
            CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(folder));
            AtomicFile.WriteText(path, "new");
            Assert.AreEqual("new", File.ReadAllText(path));
        }
        finally { Directory.Delete(folder, true); }
    }

    [TestMethod]
    public void Without_overwrite_an_existing_file_is_kept_and_an_owner_only_file_is_0600()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-atomic-").FullName;
        try
        {
            var path = Path.Combine(folder, "codes.txt");
            AtomicFile.Write(path, temp => File.WriteAllText(temp, "secret"), overwrite: false, ownerOnly: true);
            if (!OperatingSystem.IsWindows())
                Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(path, temp => File.WriteAllText(temp, "other"), overwrite: false));
            Assert.AreEqual("secret", File.ReadAllText(path));
            Assert.HasCount(1, Directory.GetFiles(folder));
        }
        finally { Directory.Delete(folder, true); }
    }
}
