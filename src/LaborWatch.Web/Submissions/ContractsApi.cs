using System.Text.Json;
using LaborWatch.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LaborWatch.Web.Submissions;

/// <summary>
/// POST /api/contracts: the import format of docs/import-format.md as a JSON array (1 to 20 logs), for partner
/// tools such as a union's survey app. Same validation, review rules, limits and privacy as the form:
/// 201 with a receipt code, or 400 listing every invalid field; all or nothing. No cookies are involved, so
/// no antiforgery token: a browser cannot send application/json across sites without a CORS preflight,
/// which this server never grants.
/// </summary>
public static class ContractsApi
{
    public static IEndpointRouteBuilder MapContractsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/contracts", async (HttpContext http, DatabaseFile db, WebOptions options) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = options.MaxBodyBytes;
            if (!(http.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                return Problem(415, "send the logs as a JSON array with Content-Type: application/json");
            var body = new MemoryStream();
            try
            {
                await http.Request.Body.CopyToAsync(body);
            }
            catch (BadHttpRequestException e)
            {
                return Problem(e.StatusCode, e.StatusCode == 413 ? $"the body is larger than {options.MaxBodyBytes / 1024} KB" : "the body could not be read");
            }
            body.Position = 0;
            string? existing, memberCode;
            try
            {
                (body, existing, memberCode) = Unwrap(body);
            }
            catch (JsonException e)
            {
                return Problem(400, "broken JSON: " + e.Message);
            }
            catch (FormatException e)
            {
                return Problem(400, e.Message);
            }
            var validator = new ContractValidator();
            var logs = new List<ContractLog>();
            var errors = new List<object>();
            try
            {
                var index = 0;
                foreach (var record in RawRecords.Read("request.json", body))
                {
                    if (++index > SubmissionStore.MaxLogs) return Problem(400, $"at most {SubmissionStore.MaxLogs} logs per request");
                    record.Values[ContractColumns.Index["submitter"]] = null;   // the receipt groups a submission
                    record.Values[ContractColumns.Index["synthetic"]] = null;
                    var (log, fieldErrors) = validator.Validate(record.Values);
                    if (log is not null) logs.Add(log);
                    errors.AddRange(fieldErrors.Select(e => new { record = index, column = e.Column, message = e.Message }));
                }
            }
            catch (ImportFormatException e)
            {
                return Problem(400, e.Message);
            }
            if (errors.Count > 0) return Results.Json(new { error = "invalid logs; nothing was stored", errors }, statusCode: 400);
            if (logs.Count == 0) return Problem(400, "the array holds no logs");
            if (existing is not null && ReceiptCode.Normalize(existing) is null) return Problem(400, "receipt: not a receipt code (32 letters and digits)");
            if (memberCode is not null && MemberCodes.Normalize(memberCode) is null) return Problem(400, "member_code: not a member code (20 letters and digits)");
            using var connection = db.Open();
            SubmissionResult result;
            try
            {
                result = SubmissionStore.Submit(connection, logs, existingCode: existing,
                    daySubmitter: http.RequestServices.GetRequiredService<ClientKeys>().DaySubmitter(http.Connection.RemoteIpAddress), memberCode: memberCode);
            }
            catch (UnknownMemberCodeException)
            {
                return Problem(400, "member_code: not a code issued here, or used already; nothing was stored");
            }
            catch (UnknownReceiptException)
            {
                return Problem(400, "receipt: no report has this receipt code; nothing was stored");
            }
            return Results.Json(new
            {
                receipt = result.ReceiptCode,
                addedToExisting = result.AddedToExisting,
                // Always "received", whatever became of the log (stored for review, published after review, or a repeat
                // of a log of the same connection's worker today): the answer must not tell a prober on a shared
                // connection that someone else sent the same values.
                logs = result.Logs.Select((_, i) => new { record = i + 1, status = "received" }),
            }, statusCode: 201);
        }).RequireRateLimiting(AbuseControls.PostsPolicy);
        return routes;
    }

    /// <summary>
    /// The body is the array of logs, or {"receipt": "CODE", "logs": [...]} to add them to an earlier receipt
    /// (the code travels in the body, never in the URL).
    /// </summary>
    static (MemoryStream Logs, string? Receipt, string? MemberCode) Unwrap(MemoryStream body)
    {
        var first = body.GetBuffer().AsSpan(0, (int)body.Length).TrimStart(" \t\r\n\uFEFF"u8);
        if (first.Length == 0 || first[0] != (byte)'{') return (body, null, null);
        using var document = JsonDocument.Parse(body.ToArray());
        string? receipt = null, memberCode = null;
        JsonElement? logs = null;
        foreach (var property in document.RootElement.EnumerateObject())
            switch (property.Name)
            {
                case "receipt" when property.Value.ValueKind == JsonValueKind.String: receipt = property.Value.GetString(); break;
                case "member_code" when property.Value.ValueKind == JsonValueKind.String: memberCode = property.Value.GetString(); break;
                case "logs": logs = property.Value; break;
                default: throw new FormatException($"unknown or mistyped property '{property.Name}' (expected \"receipt\": string, \"member_code\": string and \"logs\": array)");
            }
        if (logs is null) throw new FormatException("the object has no \"logs\" array");
        return (new MemoryStream(System.Text.Encoding.UTF8.GetBytes(logs.Value.GetRawText())), receipt, memberCode);
    }

    static IResult Problem(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
