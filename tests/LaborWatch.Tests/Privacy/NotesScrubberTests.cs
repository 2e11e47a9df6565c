using LaborWatch.Privacy;

namespace LaborWatch.Tests.Privacy;

[TestClass]
public sealed class NotesScrubberTests
{
    [TestMethod]
    [DataRow("mail me: jane.doe+ai@example.co.uk thanks", "mail me: [removed email] thanks")]
    [DataRow("see https://example.org/profile/123 for proof", "see [removed url] for proof")]
    [DataRow("call +1 (415) 555-0199 any time", "call [removed phone] any time")]
    [DataRow("I'm @jane_doe on the forum", "I'm [removed handle] on the forum")]
    [DataRow("paid to DE89 3704 0044 0532 0130 00 late", "paid to [removed iban] late")]
    [DataRow("card 4111 1111 1111 1111 was charged", "card [removed card] was charged")]
    [DataRow("the timer gave 20 minutes for 35 minutes of work", "the timer gave 20 minutes for 35 minutes of work")]
    public void Removes_each_kind_of_identifier(string input, string expected) =>
        Assert.AreEqual(expected, NotesScrubber.Scrub(input));
}
