#!/usr/bin/python3
"""Benchmark helper for scripts/bench.sh (scrape part). Runs with Debian's python3 (python3-bs4, python3-lxml).

  bench_pages.py generate DIR N   write N realistic job pages (30-60 KB: boilerplate, a JSON-LD JobPosting,
                                  a pay sentence) for 8 fictional platforms, one subfolder each
  bench_pages.py bs4 DIR          extract title, url, pay (baseSalary) from every page with BeautifulSoup+lxml
  bench_pages.py lxml DIR         the same with bare lxml.html
Both extractors print "pages=N postings=M seconds=S" (their own timing, parse and extraction only).
"""
import json, os, random, sys, time

PLATFORMS = ["Annotara", "Rubricly", "Quillstream", "Syntaxa Labs", "Labelgrove", "Moderatica", "Evalwise", "Redline Forge"]
WORDS = ("annotation review guideline quality rater model response accuracy policy task queue project team "
         "remote flexible schedule onboarding assessment feedback rubric safety content evaluation").split()

def page(r, i):
    platform = PLATFORMS[i % len(PLATFORMS)]
    lo = r.choice([15, 16, 18, 20, 21, 25, 30, 40, 45, 60])
    hi = lo + r.choice([0, 2, 5, 10, 20])
    title = f"{r.choice(['AI Trainer', 'Data Annotator', 'RLHF Rater', 'Content Reviewer', 'Red Teamer'])} #{i}"
    posting = {"@context": "https://schema.org", "@type": "JobPosting", "title": title,
               "url": f"https://jobs.{platform.lower().replace(' ', '')}.example/{i}",
               "identifier": {"@type": "PropertyValue", "value": f"J{i:06d}"}, "datePosted": "2026-11-01",
               "employmentType": "CONTRACTOR", "hiringOrganization": {"@type": "Organization", "name": platform},
               "baseSalary": {"@type": "MonetaryAmount", "currency": "USD",
                              "value": {"@type": "QuantitativeValue", "minValue": lo, "maxValue": hi, "unitText": "HOUR"}},
               "description": f"<p>{title}. Pay: ${lo}-{hi}/hour. FICTIONAL benchmark page.</p>"}
    target = r.randint(30_000, 60_000)
    nav = "".join(f'<li class="nav-item"><a class="nav-link" href="/section/{k}">{r.choice(WORDS).title()}</a></li>' for k in range(40))
    parts = [f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | {platform}</title>'
             f'<link rel="canonical" href="{posting["url"]}"><link rel="stylesheet" href="/assets/site.css">'
             f'<script type="application/ld+json">{json.dumps(posting)}</script></head><body>'
             f'<header class="site-header"><nav><ul class="nav">{nav}</ul></nav></header><main class="container">'
             f'<h1 class="job-title">{title}</h1><p class="pay">We pay ${lo}-{hi} per hour for this project.</p>']
    size = sum(len(p) for p in parts)
    while size < target:
        para = " ".join(r.choice(WORDS) for _ in range(60))
        block = f'<div class="row"><div class="col-md-8"><p class="text-body">{para}</p></div><div class="col-md-4"><span class="badge">{r.choice(WORDS)}</span></div></div>'
        parts.append(block)
        size += len(block)
    parts.append('</main><footer class="site-footer"><p>&copy; 2026 FICTIONAL</p></footer><script src="/assets/app.js"></script></body></html>')
    return platform, "".join(parts)

def generate(folder, n):
    r = random.Random(20261123)
    for i in range(n):
        platform, html = page(r, i)
        d = os.path.join(folder, platform.lower().replace(" ", "-"))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"job-{i:05d}.html"), "w") as f:
            f.write(html)

def files(folder):
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            if name.endswith(".html"):
                yield os.path.join(root, name)

def extract(posting):
    salary = posting.get("baseSalary", {}).get("value", {})
    return posting.get("title"), posting.get("url"), salary.get("minValue"), salary.get("maxValue")

def run(kind, folder):
    paths = list(files(folder))
    found = 0
    start = time.perf_counter()
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        if kind == "bs4":
            from bs4 import BeautifulSoup
            soup = BeautifulSoup(data, "lxml")
            blocks = [s.string for s in soup.find_all("script", type="application/ld+json")]
        else:
            import lxml.html
            doc = lxml.html.fromstring(data)
            blocks = doc.xpath('//script[@type="application/ld+json"]/text()')
        for block in blocks:
            if block and json.loads(block).get("@type") == "JobPosting":
                extract(json.loads(block))
                found += 1
    print(f"pages={len(paths)} postings={found} seconds={time.perf_counter() - start:.3f}")

if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]))
    else:
        run(sys.argv[1], sys.argv[2])
