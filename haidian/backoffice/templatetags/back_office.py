from django import template

from haidian.backoffice.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/haidian/dashboard.html", takes_context=True)
def back_office_dashboard(context):
    return {"request": context["request"], **dashboard(context["request"])}
