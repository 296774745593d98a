from reports.management.commands._report_command import ReportCommand


class Command(ReportCommand):
    help = "Write the budget summary for a period to a .pdf, .xlsx or .csv file."
    kind = "budget"
