"""schema.org JSON-LD for condition pages: a MedicalWebPage about a MedicalCondition."""

from django.conf import settings
from django.urls import reverse


def condition_page(condition, request):
    """The JSON-LD document for a condition page, as a dict ready for ``json.dumps``."""
    page_url = request.build_absolute_uri(condition.get_absolute_url())
    about = {
        "@type": "MedicalCondition",
        "name": condition.name,
        "description": condition.summary,
        "url": page_url,
        "signOrSymptom": [
            {"@type": "MedicalSignOrSymptom", "name": link.symptom.name}
            for link in condition.symptom_links.all()
        ],
    }
    if condition.alias_list:
        about["alternateName"] = condition.alias_list
    document = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": page_url,
        "name": condition.name,
        "description": condition.summary,
        "inLanguage": "en",
        "about": about,
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "hasPart": [
            {
                "@type": "HealthTopicContent",
                "hasHealthAspect": f"https://schema.org/{aspect}",
                "name": heading,
                "url": f"{page_url}#{field.replace('_', '-')}",
            }
            for field, heading, aspect in condition.SECTIONS
            if getattr(condition, field).strip()
        ],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": reference.title,
                "url": reference.url,
                "publisher": {"@type": "Organization", "name": reference.publisher},
            }
            for reference in condition.references.all()
            if reference.is_web_link
        ],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "breadcrumb": {
            "@type": "BreadcrumbList",
            "itemListElement": [
                _crumb(1, "Home", request.build_absolute_uri(reverse("conditions:home"))),
                _crumb(
                    2,
                    "Conditions A to Z",
                    request.build_absolute_uri(reverse("conditions:condition_list")),
                ),
                _crumb(3, condition.name, page_url),
            ],
        },
    }
    if condition.last_reviewed:
        document["lastReviewed"] = condition.last_reviewed.isoformat()
    # Every page is of a saved condition (a pending change is previewed from the database).
    document["dateModified"] = condition.updated_at.date().isoformat()
    return document


def _crumb(position, name, url):
    return {"@type": "ListItem", "position": position, "name": name, "item": url}
