"""/api/v1/faq/search: the FAQ search of the portal, published articles only."""
from markupsafe import Markup

from ...faq import finding
from ...tickets.links import absolute_url
from .core import api_blueprint
from .schemas import FaqResults, FaqSearchArgs

bp = api_blueprint("api_faq", __name__, url_prefix="/faq", description="FAQ")

PER_PAGE = 10


@bp.get("/search")
@bp.arguments(FaqSearchArgs, location="query")
@bp.response(200, FaqResults)
def search(args):
    """Search the published FAQ in Persian or English, as the portal's search box does."""
    results = finding.search_articles(args["q"], page=args["page"], per_page=PER_PAGE)
    return {"query": results.query, "total": results.total, "page": results.page,
            "did_you_mean": results.did_you_mean,
            "items": [{"id": found.item.id, "question": found.item.question,
                       "snippet": Markup(found.snippet).striptags(),
                       "url": absolute_url("faq.article", article_id=found.item.id)}  # not on the request's Host
                      for found in results.items]}
